import { itemsPerAttempt, type QuizEntry } from '../schema/bundle';

/** What drawing needs of a question; the quiz's own `Question` in practice. */
type Drawable = { id: string; lessonId?: string | undefined };

/**
 * Item pools: an attempt of a quiz with `draw` asks `draw` of its questions, stratified by
 * the lesson each question tests, so every attempt covers the course in the same proportions
 * and two attempts of one learner are comparable.
 *
 * The phone draws (it must, offline); the server cannot repeat a random draw, so it checks
 * what it can: the drawn ids are distinct questions of the pool, as many as the quiz asks,
 * and each lesson got exactly its quota (`drawQuota`, which is deterministic).
 */

/** Questions without a lesson form one stratum of their own. */
const NO_LESSON = '';
const stratumOf = (question: Pick<Drawable, 'lessonId'>): string => question.lessonId ?? NO_LESSON;

/**
 * How many questions each lesson contributes to one attempt: proportional to its share of
 * the pool, rounded by largest remainder; equal remainders go to the lesson met first in
 * the quiz file. Keys in order of first appearance.
 */
export function drawQuota(questions: readonly Pick<Drawable, 'lessonId'>[], draw: number): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const question of questions) sizes.set(stratumOf(question), (sizes.get(stratumOf(question)) ?? 0) + 1);
  const total = questions.length;
  const wanted = Math.min(draw, total);
  const quota = new Map<string, number>();
  const remainders: { stratum: string; remainder: number; order: number }[] = [];
  let given = 0;
  [...sizes].forEach(([stratum, size], order) => {
    const exact = (wanted * size) / total;
    const whole = Math.floor(exact);
    quota.set(stratum, whole);
    given += whole;
    remainders.push({ stratum, remainder: exact - whole, order });
  });
  remainders.sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const { stratum } of remainders.slice(0, wanted - given)) quota.set(stratum, (quota.get(stratum) ?? 0) + 1);
  return quota;
}

/**
 * The question ids one attempt asks, in quiz-file order (the caller shuffles them for
 * display). A quiz without `draw` asks every question. Within a lesson, questions the
 * learner has not met in earlier attempts (`seen`) are drawn first, so a retake or a
 * remedial attempt asks new items wherever the pool has them.
 */
export function drawQuestions(
  doc: { questions: readonly Drawable[] },
  entry: Pick<QuizEntry, 'draw' | 'questionCount'>,
  random: () => number,
  seen: ReadonlySet<string> = new Set(),
): string[] {
  if (entry.draw === undefined) return doc.questions.map((question) => question.id);
  const quota = drawQuota(doc.questions, itemsPerAttempt({ draw: entry.draw, questionCount: doc.questions.length }));
  const chosen = new Set<string>();
  for (const [stratum, count] of quota) {
    const members = doc.questions.filter((question) => stratumOf(question) === stratum).map((question) => question.id);
    const fresh = shuffled(
      members.filter((id) => !seen.has(id)),
      random,
    );
    const met = shuffled(
      members.filter((id) => seen.has(id)),
      random,
    );
    for (const id of [...fresh, ...met].slice(0, count)) chosen.add(id);
  }
  return doc.questions.filter((question) => chosen.has(question.id)).map((question) => question.id);
}

export type DrawCheck<Q> = { ok: true; questions: Q[]; stratified: boolean } | { ok: false; reason: string };

/**
 * Whether `drawn` (in the order shown) is a draw this quiz can make: distinct questions of
 * the pool, as many as one attempt asks. `stratified` says whether each lesson got its
 * quota; a draw that did not is scored all the same, and flagged.
 */
export function checkDraw<Q extends Drawable>(
  doc: { questions: readonly Q[] },
  entry: Pick<QuizEntry, 'draw' | 'questionCount'>,
  drawn: readonly string[],
): DrawCheck<Q> {
  const byId = new Map(doc.questions.map((question) => [question.id, question]));
  const expected = itemsPerAttempt({ draw: entry.draw, questionCount: doc.questions.length });
  if (drawn.length !== expected)
    return { ok: false, reason: `the attempt asked ${drawn.length} questions, this quiz asks ${expected}` };
  const questions: Q[] = [];
  const ids = new Set<string>();
  for (const id of drawn) {
    const question = byId.get(id);
    if (question === undefined) return { ok: false, reason: `"${id.slice(0, 64)}" is not a question of this quiz` };
    if (ids.has(id)) return { ok: false, reason: `question "${id}" was drawn twice` };
    ids.add(id);
    questions.push(question);
  }
  const quota = drawQuota(doc.questions, expected);
  const got = new Map<string, number>();
  for (const question of questions) got.set(stratumOf(question), (got.get(stratumOf(question)) ?? 0) + 1);
  const stratified = [...quota].every(([stratum, count]) => (got.get(stratum) ?? 0) === count);
  return { ok: true, questions, stratified };
}

/**
 * A uniformly shuffled copy (Fisher–Yates). A source that strays outside [0, 1) (NaN, 1,
 * a negative number) still yields a permutation of `items`: an index computed from it
 * unchecked would read past the array and put `undefined` where a question id belongs.
 */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const result = [...items];
  for (let index = result.length - 1; index > 0; index--) {
    const other = indexBelow(index + 1, random());
    [result[index], result[other]] = [result[other] as T, result[index] as T];
  }
  return result;
}

/** An integer in [0, size) from a number meant to be in [0, 1); anything else counts as 0. */
function indexBelow(size: number, value: number): number {
  if (!(value >= 0 && value < 1)) return 0;
  return Math.min(size - 1, Math.floor(value * size));
}

/**
 * A reproducible random source for one attempt (mulberry32 seeded by a 32-bit FNV-1a hash
 * of `seed`, the attempt id): the same attempt always draws and orders the same questions,
 * so an attempt resumed after the tab was killed, or rebuilt after a course update, asks
 * what it asked before. Not for secrets: it only has to be uniform enough to shuffle.
 */
export function seededRandom(seed: string): () => number {
  let state = 0x811c9dc5;
  for (let index = 0; index < seed.length; index++) {
    state ^= seed.charCodeAt(index);
    state = Math.imul(state, 0x01000193);
  }
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}
