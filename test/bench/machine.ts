import { cpus, loadavg } from 'node:os';

/** The machine a figure was measured on: these shared machines are noisy, so every figure carries it. */
export function machineState(): string {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return `${cpus().length} cores, load ${one.toFixed(1)} / ${five.toFixed(1)} / ${fifteen.toFixed(1)} (1 / 5 / 15 min)`;
}

/** "yes" or "NO" beside a figure, so a missed target stands out in the table. */
export function met(reached: boolean): string {
  return reached ? 'yes' : 'NO';
}

/** Ratios missed in this run; `npm run bench -- --strict` exits non-zero when there are any. */
export const missed: string[] = [];

export function judge(what: string, reached: boolean): string {
  if (!reached) missed.push(what);
  return met(reached);
}
