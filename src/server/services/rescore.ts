import { scoreQuiz } from '../../shared/scoring/score';
import type { ScoredAttempt } from './attempts';
import type { ContentCache } from './content-cache';
import type { CheckedStatement } from './statement-check';

/** Scores differ when they differ beyond the 4 decimals `scoreQuiz` rounds to. */
const SCALED_TOLERANCE = 0.00005;

/**
 * The record of truth for every passed/failed statement among `statements`, by statement id:
 * the answers the phone sent, scored with the phone's own rule (`scoreQuiz`) against the
 * server's copy of the quiz and the passing grade in the manifest. A tampered or buggy phone
 * cannot award itself a pass; when its claimed score or success disagrees, the attempt is
 * flagged for the admin, and the server's score is the one kept.
 */
export async function scoreAttempts(
  content: ContentCache,
  statements: readonly CheckedStatement[],
): Promise<Map<string, ScoredAttempt>> {
  const scores = new Map<string, ScoredAttempt>();
  for (const { id, courseId, manifest, timestamp, derivation } of statements) {
    if (derivation.kind !== 'attempt') continue;
    const { quiz, answers, claimedScaled, claimedPassed } = derivation;
    const score = scoreQuiz(await content.quizDoc(manifest, quiz), answers, quiz.passingScore);
    const scoreDisagrees = claimedScaled !== null && Math.abs(claimedScaled - score.scaled) > SCALED_TOLERANCE;
    scores.set(id, {
      statementId: id,
      courseId,
      courseVersion: manifest.version,
      quizId: quiz.id,
      kind: quiz.kind,
      clientScaled: claimedScaled,
      serverScaled: score.scaled,
      passed: score.passed,
      flagged: scoreDisagrees || claimedPassed !== score.passed,
      finishedAt: timestamp,
      maxAttempts: quiz.maxAttempts,
    });
  }
  return scores;
}
