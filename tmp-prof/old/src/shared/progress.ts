/** What is known of a learner's progress in one lesson, on the phone and on the server alike. */
export interface ProgressFacts {
  openedAt: string;
  completedAt: string | null;
  /** How far through the lesson, 0–1. */
  position: number;
}

/**
 * Progress only moves forward: earliest opening, earliest completion, furthest position.
 * Commutative and idempotent, so two phones, a replay or any order of sync give the same
 * result. The server's upsert applies the same rule in SQL (LEAST / GREATEST).
 */
export function mergeProgressFacts<T extends ProgressFacts>(a: T, b: ProgressFacts): T {
  return {
    ...a,
    openedAt: earliest(a.openedAt, b.openedAt) ?? a.openedAt,
    completedAt: earliest(a.completedAt, b.completedAt),
    position: Math.max(a.position, b.position),
  };
}

/** ISO-8601 UTC times order as strings. */
function earliest(x: string | null, y: string | null): string | null {
  return x === null ? y : y === null ? x : x < y ? x : y;
}
