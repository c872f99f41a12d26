import { Worker } from 'node:worker_threads';

export interface ScryptCost {
  N: number;
  r: number;
  p: number;
}

/** Too many hashes are already waiting: the caller answers "busy, come back" instead of queueing forever. */
export class HashQueueFullError extends Error {
  constructor() {
    super('The password hashing queue is full');
    this.name = 'HashQueueFullError';
  }
}

/**
 * scrypt on a few threads of our own. Node's async `scrypt` runs on libuv's thread pool,
 * which file reads, zlib and DNS also use: a burst of logins (~0.5 s of a core each at
 * N=2^17) would stall course downloads and sync. Here each worker runs `scryptSync` on its
 * own thread, at most `threads` at once, and at most `maxQueued` wait; the rest are refused.
 *
 * The worker is an inline CommonJS script so it runs the same under tsx, vitest and a build.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { scryptSync } = require('node:crypto');
parentPort.on('message', (job) => {
  try {
    const key = scryptSync(job.password, Buffer.from(job.salt), job.length, { N: job.N, r: job.r, p: job.p, maxmem: job.maxmem });
    parentPort.postMessage({ id: job.id, key });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.message) || error) });
  }
});
`;

interface Job {
  id: number;
  password: string;
  salt: Uint8Array;
  length: number;
  cost: ScryptCost;
  resolve(key: Buffer): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
}

export class ScryptPool {
  private readonly slots: Slot[] = [];
  private readonly waiting: Job[] = [];
  private nextId = 1;

  constructor(
    private readonly threads: number,
    private readonly maxQueued: number,
  ) {
    if (!Number.isInteger(threads) || threads < 1)
      throw new Error(`scrypt threads must be a positive integer: ${threads}`);
  }

  derive(password: string, salt: Uint8Array, length: number, cost: ScryptCost): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      if (this.waiting.length >= this.maxQueued) {
        reject(new HashQueueFullError());
        return;
      }
      this.waiting.push({ id: this.nextId++, password, salt, length, cost, resolve, reject });
      this.dispatch();
    });
  }

  /** Jobs running or waiting: what the login route reports as load. */
  get pending(): number {
    return this.waiting.length + this.slots.filter((slot) => slot.job !== null).length;
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (;;) {
      const job = this.waiting[0];
      if (job === undefined) return;
      const slot = this.slots.find((candidate) => candidate.job === null) ?? this.newSlot();
      if (slot === null) return;
      this.waiting.shift();
      slot.job = job;
      // scrypt needs 128·N·r bytes; the default maxmem (32 MiB) refuses N=2^17.
      const maxmem = 256 * job.cost.N * job.cost.r;
      slot.worker.ref();
      slot.worker.postMessage({
        id: job.id,
        password: job.password,
        salt: job.salt,
        length: job.length,
        ...job.cost,
        maxmem,
      });
    }
  }

  private newSlot(): Slot | null {
    if (this.slots.length >= this.threads) return null;
    const worker = new Worker(WORKER_SOURCE, { eval: true });
    const slot: Slot = { worker, job: null };
    worker.on('message', (message: unknown) => this.finish(slot, message));
    // A worker that dies takes its job with it; the next job gets a new worker.
    worker.on('error', (error) => this.drop(slot, error));
    worker.on('exit', (code) => this.drop(slot, new Error(`scrypt worker exited with code ${code}`)));
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
      if (isKeyMessage(message) && message.id === job.id) job.resolve(Buffer.from(message.key));
      else job.reject(new Error(isErrorMessage(message) ? message.error : 'scrypt worker answered nonsense'));
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

function isKeyMessage(message: unknown): message is { id: number; key: Uint8Array } {
  return (
    typeof message === 'object' &&
    message !== null &&
    'id' in message &&
    typeof message.id === 'number' &&
    'key' in message &&
    message.key instanceof Uint8Array
  );
}

function isErrorMessage(message: unknown): message is { error: string } {
  return typeof message === 'object' && message !== null && 'error' in message && typeof message.error === 'string';
}
