/**
 * Long CPU work a request brings (reading and checking a 50,000-row roster) runs in slices: the
 * event loop is given a turn between them, so a learner's sync or login waits at most one slice
 * instead of the whole file. Budget: no stall over 100 ms, the delay a person still feels as
 * "at once"; a slice of 20 ms leaves room for the work that cannot be cut (a database
 * statement, a garbage collection) and for a busy machine stretching every slice.
 */
export const SLICE_MS = 20;

/** Steps between two looks at the clock: a step is a row, microseconds, and reading the clock costs too. */
const STEPS_PER_LOOK = 64;

export const turnOfTheLoop = (): Promise<void> => new Promise((turn) => setImmediate(turn));

/** One long task's slices: `await slices.step()` after each small step of its loops. */
export class TimeSlices {
  private sliceStart = performance.now();
  private steps = 0;

  /** Resolves at once while the slice lasts; once it is spent, after a turn of the event loop. */
  async step(): Promise<void> {
    if (++this.steps % STEPS_PER_LOOK !== 0 || performance.now() - this.sliceStart < SLICE_MS) return;
    await turnOfTheLoop();
    this.sliceStart = performance.now();
  }
}
