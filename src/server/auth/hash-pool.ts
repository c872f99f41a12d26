import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** Argon2id's three costs, as in the PHC string's `m=…,t=…,p=…`. */
export interface Argon2Cost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** Only to verify hashes stored before Argon2id; nothing new is hashed with scrypt. */
export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** The most Lentera ever stored with scrypt (N=2^15, then 2^17; always r=8, p=1): nothing costlier is run. */
export const LEGACY_SCRYPT_LIMIT: ScryptCost = { N: 2 ** 17, r: 8, p: 1 };
/**
 * scrypt needs 128·N·r bytes (plus 128·r·p): the default maxmem (32 MiB) refuses N=2^17, and a
 * fixed ceiling just above the limit means no row can make a worker allocate more.
 */
const SCRYPT_MAX_MEMORY_BYTES = 128 * LEGACY_SCRYPT_LIMIT.N * LEGACY_SCRYPT_LIMIT.r + 2 ** 20;

/** What a job still running or waiting gets when its pool is closed, instead of never an answer. */
export class HashPoolClosedError extends Error {
  constructor() {
    super('The password hashing pool was closed');
    this.name = 'HashPoolClosedError';
  }
}

/** Too many hashes are already waiting: the caller answers "busy, come back" instead of queueing forever. */
export class HashQueueFullError extends Error {
  constructor() {
    super('The password hashing queue is full');
    this.name = 'HashQueueFullError';
  }
}

type Task =
  | { kind: 'argon2idHash'; password: string; cost: Argon2Cost }
  | { kind: 'argon2Verify'; password: string; stored: string }
  | { kind: 'scrypt'; password: string; salt: Uint8Array; length: number; cost: ScryptCost };

/**
 * Password hashing on a few threads of our own. The libraries' async calls run on libuv's
 * thread pool, which file reads, zlib and DNS also use: a burst of logins would stall course
 * downloads and sync. Here each worker makes the synchronous call on its own thread, at most
 * `threads` at once, and at most `maxQueued` wait; the rest are refused.
 *
 * Argon2id comes from @node-rs/argon2 (native, ~10 ms a hash at OWASP's m=19 MiB, t=2 on one
 * core here; its `verifySync` compares in constant time). Its path is resolved here and handed
 * over, since the worker is an inline CommonJS script (so it runs the same under tsx, vitest and
 * a build) and would otherwise resolve from the working directory.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
const argon2 = require(workerData.argon2Path);
const ARGON2ID = 2;
const tasks = {
  argon2idHash: (job) =>
    argon2.hashSync(job.password, {
      algorithm: ARGON2ID,
      memoryCost: job.cost.memoryKiB,
      timeCost: job.cost.iterations,
      parallelism: job.cost.parallelism,
    }),
  argon2Verify: (job) => argon2.verifySync(job.stored, job.password),
  scrypt: (job) =>
    scryptSync(job.password, Buffer.from(job.salt), job.length, { ...job.cost, maxmem: workerData.scryptMaxMemory }),
};
parentPort.on('message', ({ id, task }) => {
  try {
    parentPort.postMessage({ id, result: tasks[task.kind](task) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;
const ARGON2_PATH = createRequire(import.meta.url).resolve('@node-rs/argon2');

interface Job {
  id: number;
  task: Task;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export class PasswordHashPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly threads: number,
    private readonly maxQueued: number,
  ) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new Error(`password hashing threads must be a positive integer: ${threads}`);
  }

  /** A PHC string: `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, with a fresh random salt. */
  async argon2idHash(password: string, cost: Argon2Cost): Promise<string> {
    const result = await this.run({ kind: 'argon2idHash', password, cost });
    if (typeof result !== 'string') throw new Error('argon2 worker answered nonsense');
    return result;
  }

  async argon2Verify(password: string, stored: string): Promise<boolean> {
    const result = await this.run({ kind: 'argon2Verify', password, stored });
    if (typeof result !== 'boolean') throw new Error('argon2 worker answered nonsense');
    return result;
  }

  async scrypt(password: string, salt: Uint8Array, length: number, cost: ScryptCost): Promise<Buffer> {
    const result = await this.run({ kind: 'scrypt', password, salt, length, cost });
    if (!(result instanceof Uint8Array)) throw new Error('scrypt worker answered nonsense');
    return Buffer.from(result);
  }

  /** Jobs running or waiting: what the login route reports as load. */
  get pending(): number {
    return this.waiting.length + this.slots.filter((slot) => slot.job !== null).length;
  }

  /** Every job still running or waiting is rejected, so no caller waits forever. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    const unfinished = [...this.waiting.splice(0), ...slots.flatMap((slot) => slot.job ?? [])];
    for (const job of unfinished) job.reject(new HashPoolClosedError());
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private run(task: Task): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new HashPoolClosedError());
        return;
      }
      if (this.waiting.length >= this.maxQueued) {
        reject(new HashQueueFullError());
        return;
      }
      this.waiting.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    for (;;) {
      const job = this.waiting[0];
      if (job === undefined) return;
      const slot = this.slots.find((candidate) => candidate.job === null) ?? this.newSlot();
      if (slot === null) return;
      this.waiting.shift();
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage({ id: job.id, task: job.task });
    }
  }

  private newSlot(): Slot | null {
    if (this.slots.length >= this.threads) return null;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { argon2Path: ARGON2_PATH, scryptMaxMemory: SCRYPT_MAX_MEMORY_BYTES },
    });
    const slot: Slot = { worker, job: null };
    worker.on('message', (message: unknown) => this.finish(slot, message));
    // A worker that dies takes its job with it; the next job gets a new worker.
    worker.on('error', (error) => this.drop(slot, error));
    worker.on('exit', (code) => this.drop(slot, new Error(`password hashing worker exited with code ${code}`)));
    // An idle pool must not keep the process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot, message: unknown): void {
    const job = slot.job;
    slot.job = null;
    slot.worker.unref();
    if (job !== null) {
      if (isResultMessage(message) && message.id === job.id) job.resolve(message.result);
      else job.reject(new Error(isErrorMessage(message) ? message.error : 'password hashing worker answered nonsense'));
    }
    this.dispatch();
  }

  private drop(slot: Slot, error: Error): void {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    slot.job?.reject(error);
    slot.job = null;
    this.dispatch();
  }
}

function isResultMessage(message: unknown): message is { id: number; result: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    'id' in message &&
    typeof message.id === 'number' &&
    'result' in message
  );
}

function isErrorMessage(message: unknown): message is { error: string } {
  return typeof message === 'object' && message !== null && 'error' in message && typeof message.error === 'string';
}
