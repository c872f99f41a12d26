import { Worker } from 'node:worker_threads';
import type { BundleLimits } from '../../shared/bundle/limits';
import { BundleError, type Bundle } from '../../shared/bundle/read';
import type { BundleProblem } from '../../shared/protocol/bundles';

/** A bundle `readBundle` accepted, with the gzip variants of its compressible files (by path). */
export interface CheckedBundle extends Bundle {
  gzipped: Map<string, GzipCopy>;
}

/** A file gzipped once at upload, with the sha256 it is stored under. */
export interface GzipCopy {
  bytes: Uint8Array;
  sha256: string;
}

export interface CheckRequest {
  id: number;
  zip: Uint8Array;
  limits: Partial<BundleLimits>;
}

export type CheckReply =
  | { id: number; ok: true; bundle: CheckedBundle }
  | { id: number; ok: false; problems: BundleProblem[] }
  | { id: number; ok: false; crash: string };

/**
 * Checks a bundle zip (`readBundle`) and gzips its compressible files on a worker thread, so an
 * upload never holds up other requests (issue 9.8: a 40 MiB upload froze the server for 8–10 s).
 * One worker per process, started on first use and not keeping the process alive; checks queue
 * on it one after another, so several uploads at once cost one core, not all of them.
 * Throws `BundleError` exactly as `readBundle` does. `handOver`: the caller will not touch
 * `zip` again, so its buffer moves to the worker instead of being copied.
 */
export function checkBundle(
  zip: Uint8Array,
  limits: Partial<BundleLimits> = {},
  { handOver = false }: { handOver?: boolean } = {},
): Promise<CheckedBundle> {
  return checker().run(zip, limits, handOver);
}

/**
 * An idle checker is stopped after this long: its thread (a V8 heap of its own with the bundle
 * readers) holds ~25 MiB built, ~35 MiB from the source with tsx's loader, and checks come at
 * start and at an upload — rarely. The next check starts a new one in about a second.
 */
const IDLE_STOP_MS = 5_000;

class BundleChecker {
  private worker: Worker | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(bundle: CheckedBundle): void; reject(error: Error): void }>();

  run(zip: Uint8Array, limits: Partial<BundleLimits>, handOver: boolean): Promise<CheckedBundle> {
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    const worker = this.start();
    return new Promise<CheckedBundle>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      // Copying 40 MiB is a pause of its own: a caller done with the zip hands its buffer over.
      const whole = zip.byteOffset === 0 && zip.byteLength === zip.buffer.byteLength;
      const transfer = handOver && whole && zip.buffer instanceof ArrayBuffer ? [zip.buffer] : [];
      worker.postMessage({ id, zip, limits } satisfies CheckRequest, transfer);
    });
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    // Built (`npm run build`: build/server/), the worker is plain JavaScript beside this module.
    // From the TypeScript source (vitest, `npm run dev`), it registers tsx's loader itself, then
    // loads its module (execArgv `--import tsx` is not honoured by workers on Node 20).
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './bundle-check-worker.ts' : './bundle-check-worker.js', import.meta.url);
    const worker = fromSource ? new Worker(tsxBoot(entry), { eval: true }) : new Worker(entry);
    worker.unref();
    worker.on('message', (reply: CheckReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) {
        worker.unref();
        this.idleTimer = setTimeout(() => {
          // Forgotten first: a check that comes while it stops goes to a new worker.
          this.worker = null;
          void worker.terminate();
        }, IDLE_STOP_MS).unref();
      }
      if (waiter === undefined) return;
      if (reply.ok) waiter.resolve(reply.bundle);
      else if ('problems' in reply) waiter.reject(new BundleError(reply.problems));
      else waiter.reject(new Error(`Checking a bundle failed: ${reply.crash}`));
    });
    worker.on('error', (error) => this.worker === worker && this.fail(error));
    worker.on(
      'exit',
      (code) => this.worker === worker && this.fail(new Error(`The bundle checker stopped (exit code ${code})`)),
    );
    this.worker = worker;
    return worker;
  }

  /** A dead worker fails what it held; the next check starts a new one. */
  private fail(error: Error): void {
    clearTimeout(this.idleTimer);
    this.worker = null;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/** A worker's script that loads `entry` (TypeScript) through tsx's loader. */
function tsxBoot(entry: URL): string {
  const loader = import.meta.resolve('tsx/esm/api');
  return (
    `import(${JSON.stringify(loader)}).then(({ register }) => { register(); ` +
    `return import(${JSON.stringify(entry.href)}); })`
  );
}

let shared: BundleChecker | null = null;
function checker(): BundleChecker {
  shared ??= new BundleChecker();
  return shared;
}
