import { describe, expect, it } from 'vitest';
import { MAX_WAITING_JOBS, WorkerJobError, WorkerJobs } from '../../../src/server/services/worker-jobs';
import type { TestJob } from '../../fixtures/workers/test-worker';

const entry = new URL('../../fixtures/workers/test-worker.ts', import.meta.url);
const jobs = () => new WorkerJobs<TestJob, string>({ entry, name: 'The test worker' });
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('the job should have failed');
    },
    (error: unknown) => error,
  );

describe('jobs on a worker thread', () => {
  it('a job that fails, or a worker that dies, fails that job alone: the next runs on a new worker', async () => {
    const worker = jobs();
    const thrown = failure(worker.run({ do: 'throw' }));
    const died = failure(worker.run({ do: 'die' }));
    const after = worker.run({ do: 'echo', text: 'masih jalan' });
    expect(await thrown).toMatchObject({ name: 'WorkerJobError', kind: 'crash', message: /this job failed/ });
    expect(await died).toMatchObject({ kind: 'crash', message: /exit code 3/ });
    expect(await after).toBe('masih jalan');
  });

  it('a job past its time limit is stopped with its worker; the jobs waiting behind it run', async () => {
    const worker = jobs();
    const hung = failure(worker.run({ do: 'hang' }, { timeLimitMs: 3_000 }));
    // Its time counts from when it starts, not while it waits for the hung one.
    const waiting = worker.run({ do: 'echo', text: 'berikutnya' }, { timeLimitMs: 30_000 });
    const error = await hung;
    expect(error).toBeInstanceOf(WorkerJobError);
    expect(error).toMatchObject({ kind: 'timeout' });
    expect(await waiting).toBe('berikutnya');
  });

  it('a request gone away takes its job out: waiting, it never starts; running, its worker is stopped', async () => {
    const worker = jobs();
    const running = new AbortController();
    const queued = new AbortController();
    const hung = failure(worker.run({ do: 'hang' }, { signal: running.signal }));
    const dropped = failure(worker.run({ do: 'die' }, { signal: queued.signal }));
    const after = worker.run({ do: 'echo', text: 'tetap dijawab' });
    queued.abort(new Error('the admin closed the tab'));
    expect(await dropped).toMatchObject({ message: 'the admin closed the tab' });
    running.abort(new Error('gone'));
    expect(await hung).toMatchObject({ message: 'gone' });
    expect(await after).toBe('tetap dijawab');
  });

  it('a worker that cannot start fails its job, and the jobs behind it are answered, not left waiting', async () => {
    // A non-file URL makes `new Worker` throw at once, as a missing loader would.
    const broken = new WorkerJobs<TestJob, string>({
      entry: new URL('https://example.invalid/w.js'),
      name: 'A broken worker',
    });
    const first = failure(broken.run({ do: 'echo', text: 'a' }));
    const second = failure(broken.run({ do: 'echo', text: 'b' }));
    expect(await first).toMatchObject({ kind: 'crash', message: /did not start/ });
    expect(await second).toMatchObject({ kind: 'crash' });
  });

  it('beyond the jobs allowed to wait, the next is refused as busy at once; the others still run', async () => {
    const worker = jobs();
    const running = new AbortController();
    const hung = failure(worker.run({ do: 'hang' }, { signal: running.signal }));
    const waiting = Array.from({ length: MAX_WAITING_JOBS }, (_, i) => worker.run({ do: 'echo', text: `ke-${i}` }));
    expect(await failure(worker.run({ do: 'echo', text: 'terlalu banyak' }))).toMatchObject({ kind: 'busy' });
    running.abort();
    // A signal aborted without a reason of its own rejects with an AbortError, not a bare value.
    expect(await hung).toMatchObject({ name: 'AbortError' });
    expect(await Promise.all(waiting)).toEqual(['ke-0', 'ke-1', 'ke-2', 'ke-3']);
  });
});
