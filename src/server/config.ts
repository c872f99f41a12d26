import { resolve } from 'node:path';
import { z } from 'zod';

/** Everything the server reads from its environment; nothing else in src/server touches process.env. */
export interface ServerConfig {
  port: number;
  host: string;
  /** PostgreSQL connection string; when absent the server embeds PGlite in `<dataDir>/pglite`. */
  databaseUrl: string | undefined;
  dataDir: string;
  bundlesDir: string;
  staticDir: string;
  /** Long on purpose: a learner stays signed in through weeks without signal. */
  tokenTtlDays: number;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  LENTERA_DATA_DIR: z.string().min(1).default('./data'),
  LENTERA_BUNDLES_DIR: z.string().min(1).default('./build/bundles'),
  LENTERA_STATIC_DIR: z.string().min(1).default('./dist'),
  LENTERA_TOKEN_TTL_DAYS: z.coerce.number().positive().max(365).default(30),
});

export function loadConfig(env: Record<string, string | undefined> = process.env): ServerConfig {
  const result = Env.safeParse(withoutEmptyValues(env));
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid server environment: ${problems.join('; ')}`);
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    dataDir: resolve(parsed.LENTERA_DATA_DIR),
    bundlesDir: resolve(parsed.LENTERA_BUNDLES_DIR),
    staticDir: resolve(parsed.LENTERA_STATIC_DIR),
    tokenTtlDays: parsed.LENTERA_TOKEN_TTL_DAYS,
  };
}

/** `PORT=` in a .env file means "not set", not "port zero". */
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''));
}
