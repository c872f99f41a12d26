import { checkDraw } from '../../shared/scoring/draw';
import { passMark, scoreQuiz } from '../../shared/scoring/score';
import type { ScoredAttempt } from './attempts';
import type { ContentCache } from './content-cache';
import { reject, type Rejection } from './rejection';
import type { CheckedStatement } from './statement-check';

/** Scores differ when they differ beyond the 4 decimals `scoreQuiz` rounds to. */
const SCALED_TOLERANCE = 0.00005;

/**
 * The record of truth for every attempt statement among `statements`, by statement id: the
 * questions the attempt asked (checked to be a draw this quiz can make, `checkDraw`) scored
 * with the phone's own rule (`scoreQuiz`) against the server's copy of the quiz and its pass
 * mark (none for a pre-test). A tampered or buggy phone cannot award itself a pass, pick the
 * questions it knows, or ask fewer; when its claimed score or success disagrees, or its draw
 * skipped a lesson's share, the attempt is flagged for the admin and the server's score is kept.
 * A draw that is not one (wrong count, unknown or repeated question) is refused, as is an
 * answer (`answered`) to a question the quiz does not have: it would sit in the admin's item
 * analysis and the LRS export as an answer to nothing.
 */
export async function scoreAttempts(
  content: ContentCache,
  statements: readonly CheckedStatement[],
): Promise<{ scores: Map<string, ScoredAttempt>; refused: Map<string, Rejection> }> {
  const scores = new Map<string, ScoredAttempt>();
  const refused = new Map<string, Rejection>();
  for (const { id, courseId, manifest, timestamp, derivation } of statements) {
    if (derivation.kind === 'answer') {
      const { quiz, questionId } = derivation;
      const doc = await content.quizDoc(manifest, quiz);
      if (!doc.questions.some((question) => question.id === questionId))
        refused.set(id, reject('invalid_draw', `quiz ${quiz.id} has no question "${questionId.slice(0, 64)}"`));
      continue;
    }
    if (derivation.kind !== 'attempt') continue;
    const { quiz, answers, asked, claimedScaled, claimedPassed } = derivation;
    const doc = await content.quizDoc(manifest, quiz);
    if (asked === null && quiz.draw !== undefined) {
      refused.set(id, reject('invalid_draw', `quiz ${quiz.id} draws from a pool: the attempt must name its questions`));
      continue;
    }
    const draw = checkDraw(doc, quiz, asked ?? doc.questions.map((question) => question.id));
    if (!draw.ok) {
      refused.set(id, reject('invalid_draw', draw.reason));
      continue;
    }
    const score = scoreQuiz({ questions: draw.questions }, answers, passMark(quiz));
    const scoreDisagrees = claimedScaled !== null && Math.abs(claimedScaled - score.scaled) > SCALED_TOLERANCE;
    // A pre-test is not judged: what an older phone claimed for it (it sent "passed") is not compared.
    const successDisagrees = score.passed !== null && claimedPassed !== score.passed;
    scores.set(id, {
      statementId: id,
      courseId,
      courseVersion: manifest.version,
      quizId: quiz.id,
      kind: quiz.kind,
      clientScaled: claimedScaled,
      serverScaled: score.scaled,
      passed: score.passed,
      flagged: scoreDisagrees || successDisagrees || !draw.stratified,
      finishedAt: timestamp,
      items: score.questions,
      maxAttempts: quiz.maxAttempts,
    });
  }
  return { scores, refused };
}
