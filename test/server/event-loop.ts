/**
 * The longest the event loop was held while `work` ran, in milliseconds: the widest gap between
 * two ticks of a 2 ms timer. What every other request waits at most while `work` runs beside it.
 */
export async function longestStall(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  await new Promise((resolve) => setTimeout(resolve, 10));
  last = performance.now();
  longest = 0;
  try {
    await work();
    await new Promise((resolve) => setTimeout(resolve, 10));
  } finally {
    clearInterval(timer);
  }
  return longest;
}
