import { parentPort, Worker, type TransferListItem } from 'node:worker_threads';

/**
 * CPU-heavy work a request brings (checking a course bundle, reading an XLSX) runs on a worker
 * thread, so it never holds up other requests: on the main thread a 40 MiB bundle froze the
 * server 8–10 s, a 50,000-row workbook 3–11 s. One worker per kind of job, started on first use
 * and stopped when idle; its jobs run one after another, so several uploads at once cost one
 * core, not all of them, and a job stopped half-way (its time limit, its request gone) takes
 * only its own worker down.
 */

interface JobRequest<Request> {
  id: number;
  request: Request;
}
type JobReply<Reply> = { id: number; ok: true; reply: Reply } | { id: number; ok: false; crash: string };

/**
 * A job its worker did not finish: past its time limit, or the worker failed (threw, died, ran
 * out of memory); or one refused as `busy` because too many wait already (the API answers 503).
 */
export class WorkerJobError extends Error {
  constructor(
    readonly kind: 'timeout' | 'crash' | 'busy',
    message: string,
  ) {
    super(message);
    this.name = 'WorkerJobError';
  }
}

export interface JobOptions {
  /** Buffers the caller will not touch again: they move to the worker instead of being copied. */
  transfer?: readonly TransferListItem[];
  /** From the moment the job starts (not while it waits for the one before): then its worker is stopped. */
  timeLimitMs?: number;
  /** The request went away: the job leaves the queue or its worker is stopped; it rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface WorkerJobsOptions {
  /** The worker's module: its name beside this module (`bundle-check-worker`), or a URL (a test's own worker). */
  entry: string | URL;
  /** What the worker is, for error messages ("the bundle checker"). */
  name: string;
}

/**
 * An idle worker is stopped after this long: its thread (a V8 heap of its own with its readers)
 * holds ~25 MiB built, ~35 MiB from the source with tsx's loader, and these jobs come rarely
 * (a check at start and at an upload, an import). The next job starts a new one in about a second.
 */
const IDLE_STOP_MS = 5_000;

/**
 * Jobs that may wait behind the running one; the next is refused as `busy`. Each waiting job
 * holds its file (an XLSX or bundle of up to 25–40 MiB) in memory, and they run one at a time:
 * a fifth upload would wait minutes behind four others anyway, so it is better told to come back.
 */
export const MAX_WAITING_JOBS = 4;

/**
 * The worker's V8 heap: a hostile workbook can inflate to hundreds of MiB of XML; past this only
 * the worker dies (its job fails as a crash), not the whole server to the OOM killer. A 50,000-row
 * roster reads in well under it; 640 MiB leaves the main thread room on a 2 GiB machine.
 */
const WORKER_HEAP_MB = 640;

/** What a job stopped by its signal rejects with: its reason if an Error, else an AbortError (not a bare value). */
function abortError(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The request went away', 'AbortError');
}

interface Job<Request, Reply> {
  id: number;
  request: Request;
  options: JobOptions;
  resolve(reply: Reply): void;
  reject(error: unknown): void;
  timer?: ReturnType<typeof setTimeout>;
  onAbort?: () => void;
}

export class WorkerJobs<Request, Reply> {
  private worker: Worker | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private nextId = 1;
  private running: Job<Request, Reply> | null = null;
  private readonly queue: Job<Request, Reply>[] = [];

  constructor(private readonly options: WorkerJobsOptions) {}

  run(request: Request, options: JobOptions = {}): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) return reject(abortError(signal));
      if (this.queue.length >= MAX_WAITING_JOBS)
        return reject(new WorkerJobError('busy', `${this.options.name} has ${MAX_WAITING_JOBS} jobs waiting already`));
      const job: Job<Request, Reply> = { id: this.nextId++, request, options, resolve, reject };
      if (signal !== undefined) {
        job.onAbort = () => this.finish(job, { error: abortError(signal) });
        signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.next();
    });
  }

  private next(): void {
    if (this.running !== null) return;
    const job = this.queue.shift();
    if (job === undefined) return this.idle();
    clearTimeout(this.idleTimer);
    this.running = job;
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      // A worker that cannot be started (its module missing) fails this job, not the queue.
      this.finish(job, { error: new WorkerJobError('crash', `${this.options.name} did not start: ${String(error)}`) });
      return;
    }
    worker.ref();
    const { timeLimitMs, transfer = [] } = job.options;
    if (timeLimitMs !== undefined)
      job.timer = setTimeout(
        () =>
          this.finish(job, { error: new WorkerJobError('timeout', `${this.options.name} ran past ${timeLimitMs} ms`) }),
        timeLimitMs,
      );
    try {
      worker.postMessage({ id: job.id, request: job.request } satisfies JobRequest<Request>, transfer);
    } catch (error) {
      // A request that cannot be sent (not cloneable) never reached the worker, which stays usable.
      this.finish(job, { error }, false);
    }
  }

  /** Settles `job`; a job stopped while running takes its worker down (it cannot be interrupted otherwise). */
  private finish(job: Job<Request, Reply>, outcome: { reply: Reply } | { error: unknown }, stopWorker = true): void {
    clearTimeout(job.timer);
    if (job.onAbort !== undefined) job.options.signal?.removeEventListener('abort', job.onAbort);
    if (this.running === job) {
      this.running = null;
      if (stopWorker && !('reply' in outcome)) this.stopWorker();
    } else {
      const queued = this.queue.indexOf(job);
      if (queued === -1) return; // settled already
      this.queue.splice(queued, 1);
    }
    if ('reply' in outcome) job.resolve(outcome.reply);
    else job.reject(outcome.error);
    this.next();
  }

  private start(): Worker {
    if (this.worker !== null) return this.worker;
    const { entry } = this.options;
    // Built (`npm run build`: build/server/), a worker is plain JavaScript beside this module.
    // From the TypeScript source (vitest, `npm run dev`), it registers tsx's loader itself, then
    // loads its module (execArgv `--import tsx` is not honoured by workers on Node 20).
    const fromSource = import.meta.url.endsWith('.ts');
    const file = entry instanceof URL ? entry : `./${entry}${fromSource ? '.ts' : '.js'}`;
    const url = new URL(file, import.meta.url);
    const resourceLimits = { maxOldGenerationSizeMb: WORKER_HEAP_MB };
    const worker = url.pathname.endsWith('.ts')
      ? new Worker(tsxBoot(url), { eval: true, resourceLimits })
      : new Worker(url, { resourceLimits });
    worker.unref();
    worker.on('message', (reply: JobReply<Reply>) => {
      const job = this.running;
      if (job === null || reply.id !== job.id) return;
      if (reply.ok) this.finish(job, { reply: reply.reply });
      else
        this.finish(job, { error: new WorkerJobError('crash', `${this.options.name} failed: ${reply.crash}`) }, false);
    });
    const died = (error: Error) => {
      if (this.worker !== worker) return; // stopped on purpose, or reported already
      this.worker = null;
      if (this.running !== null)
        this.finish(this.running, {
          error: new WorkerJobError('crash', `${this.options.name} failed: ${error.message}`),
        });
    };
    worker.on('error', died);
    // A reply that cannot be read would otherwise leave its job, and all behind it, waiting forever.
    worker.on('messageerror', died);
    worker.on('exit', (code) => died(new Error(`it stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    const worker = this.worker;
    // Forgotten first: the next job goes to a new worker.
    this.worker = null;
    void worker?.terminate();
  }

  private idle(): void {
    clearTimeout(this.idleTimer);
    this.worker?.unref();
    this.idleTimer = setTimeout(() => this.stopWorker(), IDLE_STOP_MS).unref();
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

/**
 * The worker's side: answers each job with `work`'s reply (and the buffers it hands back); an
 * error `work` throws fails that job as a crash, and the worker goes on with the next.
 */
export function serveJobs<Request, Reply>(
  work: (request: Request) => Promise<{ reply: Reply; transfer?: readonly TransferListItem[] }>,
): void {
  parentPort?.on('message', ({ id, request }: JobRequest<Request>) => {
    void work(request).then(
      ({ reply, transfer = [] }) =>
        parentPort?.postMessage({ id, ok: true, reply } satisfies JobReply<Reply>, transfer),
      (error: unknown) =>
        parentPort?.postMessage({
          id,
          ok: false,
          crash: error instanceof Error ? (error.stack ?? error.message) : String(error),
        } satisfies JobReply<Reply>),
    );
  });
}
