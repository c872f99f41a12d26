/**
 * `npm run upload -- <bundle.zip> [--server URL] [--publish]`: uploads a bundle to a Lentera
 * server as an administrator, the same way the admin screen does.
 *
 * Credentials come from LENTERA_NIP / LENTERA_PASSWORD, or are asked for on a terminal. On a
 * refused bundle (422) every problem is printed as `code path: message` and the exit code is
 * 1; with `--publish` the uploaded version is published straight away.
 */
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { api } from '../shared/protocol';
import { InvalidBundleDetailsSchema, UploadBundleResponseSchema } from '../shared/protocol/admin-responses';
import { parseJsonOrNull, readApiError } from '../shared/protocol/api-error';
import { bundleApi } from '../shared/protocol/bundles';
import { LoginResponseSchema } from '../shared/protocol/login-response';
import type { AnswerSchema } from '../shared/protocol/wire-schema';

export interface UploadIo {
  env: Record<string, string | undefined>;
  out(line: string): void;
  err(line: string): void;
  /** Rewrites one status line in place on a terminal; absent: no progress output. */
  progress?(line: string): void;
  /** Asks on a terminal; absent when there is none (CI), so missing credentials are an error. */
  ask?(question: string, options: { hidden: boolean }): Promise<string>;
}

const USAGE = 'Usage: npm run upload -- <bundle.zip> [--server http://localhost:8080] [--publish]';
const CHUNK = 64 * 1024;

/** Returns the exit code: 0 uploaded (and published), 1 refused or failed, 2 wrong usage. */
export async function runUpload(args: string[], io: UploadIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { server: { type: 'string' }, publish: { type: 'boolean', default: false } },
    });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.err(USAGE);
    return 2;
  }
  const server = (parsed.values.server ?? io.env.LENTERA_SERVER ?? 'http://localhost:8080').replace(/\/+$/, '');

  let zip: Uint8Array;
  try {
    zip = new Uint8Array(await readFile(resolve(file)));
  } catch (error) {
    io.err(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  const nip = io.env.LENTERA_NIP ?? (await io.ask?.('NIP admin: ', { hidden: false }));
  const password = io.env.LENTERA_PASSWORD ?? (await io.ask?.('Kata sandi: ', { hidden: true }));
  if (!nip || !password) {
    io.err('Set LENTERA_NIP and LENTERA_PASSWORD (an administrator account), or run on a terminal to be asked.');
    return 2;
  }

  try {
    const login = await fetch(`${server}${api.login}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nip: nip.trim(), password }),
    });
    if (!login.ok) return failed(io, 'Sign-in failed', login);
    const { token, user } = await answerOf(login, LoginResponseSchema);
    if (user.role !== 'admin') {
      io.err(`${user.name} is not an administrator: only admins can upload bundles.`);
      return 1;
    }

    const upload = await fetch(`${server}${bundleApi.upload}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/zip' },
      body: progressStream(zip, (sent) =>
        io.progress?.(
          `Uploading ${basename(file)}: ${Math.round((sent / Math.max(zip.length, 1)) * 100)}% of ` +
            `${formatBytes(zip.length)}`,
        ),
      ),
      duplex: 'half',
    } as RequestInit);
    io.progress?.('');
    if (upload.status === 422) return refused(io, file, upload);
    if (upload.status !== 201) return failed(io, 'Upload failed', upload);
    const { course, version } = await answerOf(upload, UploadBundleResponseSchema);
    io.out(
      `Uploaded ${course.id} ${version} (${course.versions.length} version(s) stored; published: ` +
        `${course.publishedVersion ?? 'none'}).`,
    );
    if (!parsed.values.publish) {
      io.out(`Not published yet: publish it in the admin screen, or run again with --publish.`);
      return 0;
    }

    const publish = await fetch(`${server}${bundleApi.publish(course.id)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version }),
    });
    if (!publish.ok) return failed(io, 'Publishing failed', publish);
    io.out(`Published ${course.id} ${version}: learners see it in the catalog now.`);
    return 0;
  } catch (error) {
    if (error instanceof UnexpectedAnswer) {
      io.err(error.message);
      return 1;
    }
    const reason =
      error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : error;
    io.err(`Cannot reach ${server}: ${String(reason)}`);
    return 1;
  }
}

async function refused(io: UploadIo, file: string, response: Response): Promise<number> {
  const details = readApiError(parseJsonOrNull(await response.text()))?.details;
  const problems = InvalidBundleDetailsSchema.safeParse(details).data?.problems ?? [];
  io.err(`✗ ${file} was refused (${problems.length} problem(s)); nothing was stored:`);
  for (const problem of problems)
    io.err(`  ${problem.code}${problem.path ? ` ${problem.path}` : ''}: ${problem.message}`);
  return 1;
}

async function failed(io: UploadIo, what: string, response: Response): Promise<number> {
  const text = await response.text();
  const error = readApiError(parseJsonOrNull(text));
  // Not our JSON (a proxy's HTML page, say): show the start of it.
  const detail = error ? `${error.rawCode}: ${error.message}` : text.slice(0, 200);
  io.err(`${what}: HTTP ${response.status} ${detail}`);
  return 1;
}

/** An answer of another shape than Lentera's API gives: another program at that address, or another version. */
class UnexpectedAnswer extends Error {}

async function answerOf<T>(response: Response, schema: AnswerSchema<T>): Promise<T> {
  const parsed = schema.safeParse(parseJsonOrNull(await response.text()));
  if (!parsed.success)
    throw new UnexpectedAnswer(`${response.url} did not answer as Lentera's API does: ${parsed.error.message}`);
  return parsed.data;
}

/** The zip as a stream of 64 KiB chunks, reporting how much has been handed to the connection. */
function progressStream(zip: Uint8Array, onProgress: (sent: number) => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= zip.length) {
        controller.close();
        return;
      }
      const chunk = zip.subarray(sent, sent + CHUNK);
      sent += chunk.length;
      controller.enqueue(chunk);
      onProgress(sent);
    },
  });
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** The terminal side: stdout/stderr, a progress line redrawn with \r, prompts with a hidden password. */
function terminalIo(): UploadIo {
  const tty = process.stdin.isTTY && process.stderr.isTTY;
  return {
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    ...(process.stderr.isTTY ? { progress: (line: string) => process.stderr.write(`\r\x1b[2K${line}`) } : {}),
    ...(tty ? { ask } : {}),
  };
}

async function ask(question: string, { hidden }: { hidden: boolean }): Promise<string> {
  const readline = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  if (hidden) {
    // Echo nothing after the question, so the password never appears on screen.
    const write = (readline as unknown as { _writeToOutput: (text: string) => void })._writeToOutput;
    (readline as unknown as { _writeToOutput: (text: string) => void })._writeToOutput = (text) => {
      if (text.startsWith(question)) write.call(readline, question);
    };
  }
  try {
    return await readline.question(question);
  } finally {
    if (hidden) process.stderr.write('\n');
    readline.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await runUpload(process.argv.slice(2), terminalIo());
}
