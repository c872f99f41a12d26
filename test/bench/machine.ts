import { cpus, loadavg } from 'node:os';
import { checkTarget } from './targets';

/** The machine a figure was measured on: these shared machines are noisy, so every figure carries it. */
export function machineState(): string {
  const [one = 0, five = 0, fifteen = 0] = loadavg();
  return `${cpus().length} cores, load ${one.toFixed(1)} / ${five.toFixed(1)} / ${fifteen.toFixed(1)} (1 / 5 / 15 min)`;
}

/** "yes" or "NO" beside a figure, so a missed target stands out in the table. */
export function met(reached: boolean): string {
  return reached ? 'yes' : 'NO';
}

/**
 * Records a figure against its target for the summary at the end of `npm run bench` (where
 * `--strict` fails on a miss) and returns the "yes"/"NO" for the figure's own table.
 */
export function judge(figure: string, measured: number | string, target: string, reached: boolean): string {
  checkTarget(figure, measured, target, reached);
  return met(reached);
}
