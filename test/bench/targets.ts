/**
 * The bench's targets, checked where each figure is measured and summed up at the end of
 * `npm run bench`: the plain form only reports (these machines are noisy, so a missed figure
 * must not block a landing), `npm run bench -- --strict` exits non-zero when one is missed.
 */
export interface TargetCheck {
  figure: string;
  measured: string;
  target: string;
  met: boolean;
}

const checks: TargetCheck[] = [];

export function checkTarget(figure: string, measured: number | string, target: string, met: boolean): void {
  checks.push({ figure, measured: String(measured), target, met });
}

export function targetChecks(): readonly TargetCheck[] {
  return checks;
}
