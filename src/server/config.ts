import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_L1_BANDS, type L1Band } from '../shared/protocol/analysis';
import { isValidTimeZone } from '../shared/ledger';
import { DEFAULT_RECORD_BUDGET, type RecordBudget } from './services/record-budget';
import { DEFAULT_RECORD_SETTINGS, isUsableNumberFormat, type RecordSettings } from './services/record-settings';
import type { S3StoreOptions } from './storage/s3';

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
  /** Ed25519 private key, PKCS8 base64: one key for several servers. Unset: generated once and kept in the database. */
  signingKey: string | undefined;
  /** Blobs in an S3-compatible bucket when configured; on local disk under `<dataDir>/files` otherwise. */
  s3: S3StoreOptions | undefined;
  /** Demo accounts (with published passwords) and a demo roster, only when the operator asks: LENTERA_DEMO=1. */
  demo: boolean;
  /**
   * Reverse proxies of ours in front of the server: how far from the right of
   * X-Forwarded-For the client is (0: use the socket).
   */
  trustedProxyHops: number;
  /** Threads hashing passwords; one fewer than the cores by default, so logins never take every core from sync. */
  passwordThreads: number;
  /**
   * Sync pushes served at once by this process; twice as many more wait in line, and beyond
   * that a push gets 503 + Retry-After at once (see http/admission.ts). Default: two per core, at
   * most the database pool's 10 connections.
   */
  syncConcurrency: number;
  /** Predicate bands of the reaction (level 1) index: the SKM convention unless LENTERA_L1_BANDS says otherwise. */
  l1Bands: readonly L1Band[];
  /** JP ledger, certificates and SIASN export (issue 12). */
  records: RecordSettings;
  /**
   * What one account may store a day: the defaults, but the statements' budget may be lifted by
   * the operator (LENTERA_DAILY_STATEMENT_BUDGET) to take in records migrated from another system,
   * or for a bench (in-process benches pass `UNLIMITED_RECORD_BUDGET`).
   */
  recordBudget: RecordBudget;
}

const Env = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).optional(),
  LENTERA_DATA_DIR: z.string().min(1).default('./data'),
  LENTERA_BUNDLES_DIR: z.string().min(1).default('./build/bundles'),
  LENTERA_STATIC_DIR: z.string().min(1).default('./dist'),
  LENTERA_TOKEN_TTL_DAYS: z.coerce.number().positive().max(365).default(30),
  LENTERA_SIGNING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64 of a PKCS8 Ed25519 private key')
    .optional(),
  LENTERA_S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  LENTERA_S3_BUCKET: z.string().min(3).max(63).optional(),
  LENTERA_S3_REGION: z.string().min(1).default('us-east-1'),
  LENTERA_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  LENTERA_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  LENTERA_S3_PATH_STYLE: z.enum(['true', 'false']).default('true'),
  LENTERA_S3_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9._/-]*$/)
    .default(''),
  LENTERA_DEMO: z.enum(['0', '1', 'true', 'false']).default('0'),
  LENTERA_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(5).default(0),
  // "88.31:Sangat Baik,76.61:Baik,65:Kurang Baik,0:Tidak Baik": minimum index (0–100) and predicate, any order.
  LENTERA_L1_BANDS: z
    .string()
    .max(1000)
    .transform((value, ctx) => {
      const bands = value.split(',').map((part) => {
        const at = part.indexOf(':');
        return { min: Number(part.slice(0, at).trim()), label: part.slice(at + 1).trim() };
      });
      if (
        bands.some((band) => !(band.min >= 0 && band.min <= 100) || band.label === '' || band.label.length > 40) ||
        !bands.some((band) => band.min === 0)
      ) {
        ctx.addIssue({ code: 'custom', message: 'min:label pairs separated by commas, min 0–100, one band at 0' });
        return z.NEVER;
      }
      return bands;
    })
    .optional(),
  LENTERA_PASSWORD_THREADS: z.coerce
    .number()
    .int()
    .min(1)
    .max(16)
    .default(Math.max(1, Math.min(4, availableParallelism() - 1))),
  LENTERA_SYNC_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(64)
    .default(Math.max(2, Math.min(10, availableParallelism() * 2))),
  LENTERA_TIME_ZONE: z
    .string()
    .refine(isValidTimeZone, 'an IANA time zone such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura')
    .default(DEFAULT_RECORD_SETTINGS.timeZone),
  LENTERA_JP_TARGET: z.coerce.number().int().min(0).max(1000).default(DEFAULT_RECORD_SETTINGS.targets.pns),
  LENTERA_JP_TARGET_PPPK: z.coerce.number().int().min(0).max(1000).optional(),
  LENTERA_INSTANSI: z.string().max(200).default(DEFAULT_RECORD_SETTINGS.instansi),
  LENTERA_KODE_INSTANSI: z.string().max(30).default(DEFAULT_RECORD_SETTINGS.kodeInstansi),
  LENTERA_SIASN_INSTANSI_ID: z.string().max(100).default(''),
  LENTERA_PENYELENGGARA: z.string().max(200).optional(),
  LENTERA_CERT_NUMBER_FORMAT: z
    .string()
    .refine(isUsableNumberFormat, 'a format with {YYYY} and {seq} (e.g. {seq:05}), at most 100 characters')
    .default(DEFAULT_RECORD_SETTINGS.numberFormat),
  LENTERA_CERT_PLACE: z.string().max(100).default(''),
  LENTERA_CERT_SIGNER_NAME: z.string().max(200).default(''),
  LENTERA_CERT_SIGNER_NIP: z.string().max(30).default(''),
  LENTERA_CERT_SIGNER_JABATAN: z.string().max(200).default(DEFAULT_RECORD_SETTINGS.signer.jabatan),
  LENTERA_CERT_REQUIRES_EVALUATION: z.enum(['0', '1', 'true', 'false']).default('0'),
  LENTERA_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  // Below a thousand, a learner back from a month offline would be refused for days; above a
  // million it no longer bounds what a stolen session can write.
  LENTERA_DAILY_STATEMENT_BUDGET: z.coerce
    .number()
    .int()
    .min(1000)
    .max(1_000_000)
    .default(DEFAULT_RECORD_BUDGET.statements),
});

const S3_REQUIRED = [
  'LENTERA_S3_ENDPOINT',
  'LENTERA_S3_BUCKET',
  'LENTERA_S3_ACCESS_KEY_ID',
  'LENTERA_S3_SECRET_ACCESS_KEY',
] as const;

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
    signingKey: parsed.LENTERA_SIGNING_KEY,
    s3: s3Options(parsed),
    demo: parsed.LENTERA_DEMO === '1' || parsed.LENTERA_DEMO === 'true',
    trustedProxyHops: parsed.LENTERA_TRUST_PROXY_HOPS,
    passwordThreads: parsed.LENTERA_PASSWORD_THREADS,
    syncConcurrency: parsed.LENTERA_SYNC_CONCURRENCY,
    l1Bands: parsed.LENTERA_L1_BANDS ?? DEFAULT_L1_BANDS,
    records: {
      timeZone: parsed.LENTERA_TIME_ZONE,
      targets: { pns: parsed.LENTERA_JP_TARGET, pppk: parsed.LENTERA_JP_TARGET_PPPK ?? null },
      instansi: parsed.LENTERA_INSTANSI,
      kodeInstansi: parsed.LENTERA_KODE_INSTANSI,
      siasnInstansiId: parsed.LENTERA_SIASN_INSTANSI_ID,
      institusiPenyelenggara: parsed.LENTERA_PENYELENGGARA ?? parsed.LENTERA_INSTANSI,
      numberFormat: parsed.LENTERA_CERT_NUMBER_FORMAT,
      tempat: parsed.LENTERA_CERT_PLACE,
      signer: {
        nama: parsed.LENTERA_CERT_SIGNER_NAME,
        nip: parsed.LENTERA_CERT_SIGNER_NIP,
        jabatan: parsed.LENTERA_CERT_SIGNER_JABATAN,
      },
      requireEvaluation:
        parsed.LENTERA_CERT_REQUIRES_EVALUATION === '1' || parsed.LENTERA_CERT_REQUIRES_EVALUATION === 'true',
      publicUrl: parsed.LENTERA_PUBLIC_URL,
    },
    recordBudget: { ...DEFAULT_RECORD_BUDGET, statements: parsed.LENTERA_DAILY_STATEMENT_BUDGET },
  };
}

/** All four S3 settings, or none (local disk): a half-configured bucket is a start-up error, not a silent fallback. */
function s3Options(parsed: z.infer<typeof Env>): S3StoreOptions | undefined {
  const missing = S3_REQUIRED.filter((name) => parsed[name] === undefined);
  if (missing.length === S3_REQUIRED.length) return undefined;
  if (missing.length > 0) throw new Error(`Invalid server environment: S3 storage also needs ${missing.join(', ')}`);
  return {
    endpoint: parsed.LENTERA_S3_ENDPOINT as string,
    bucket: parsed.LENTERA_S3_BUCKET as string,
    region: parsed.LENTERA_S3_REGION,
    accessKeyId: parsed.LENTERA_S3_ACCESS_KEY_ID as string,
    secretAccessKey: parsed.LENTERA_S3_SECRET_ACCESS_KEY as string,
    pathStyle: parsed.LENTERA_S3_PATH_STYLE === 'true',
    prefix: parsed.LENTERA_S3_PREFIX,
  };
}

/** `PORT=` in a .env file means "not set", not "port zero". */
function withoutEmptyValues(env: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ''),
  );
}
