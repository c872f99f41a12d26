import type { Manifest } from '../../shared/schema/bundle';

/**
 * The server's rule for plausible study (issue 9.7, README "Security"): a completion is credited
 * at once when the learner's recorded time on task for the course — the `result.duration` of
 * their lesson-studied and quiz statements, each counted up to `MAX_STATEMENT_STUDY_MS` — is at
 * least `PLAUSIBLE_STUDY_SHARE` of the course's study time (the manifest's `studyMinutes`, else
 * the sum of its lessons' `minutes`). Below that it waits for an admin to accept or refuse it.
 *
 * A quarter, not all: people read faster than authors estimate, and a learner who already knows
 * the subject should not be held up; five lessons "studied" in ten seconds are not that.
 */
export const PLAUSIBLE_STUDY_SHARE = 0.25;

/** The most one statement counts: a lesson left open overnight is not ten hours of study. */
export const MAX_STATEMENT_STUDY_MS = 2 * 60 * 60 * 1000;

/**
 * `PT1H2M3.5S` (what xAPI durations look like; days allowed) in
 * milliseconds, capped; null when absent or not understood.
 */
export function studyMs(duration: string | undefined): number | null {
  if (duration === undefined) return null;
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    duration,
  );
  if (match === null) return null;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  const ms = ((Number(days) * 24 + Number(hours)) * 60 * 60 + Number(minutes) * 60 + Number(seconds)) * 1000;
  return Number.isFinite(ms) ? Math.min(Math.round(ms), MAX_STATEMENT_STUDY_MS) : null;
}

/** The recorded time on task a completion of this version needs to be credited without review. */
export function requiredStudyMs(manifest: Pick<Manifest, 'studyMinutes' | 'lessons'>): number {
  const minutes = manifest.studyMinutes ?? manifest.lessons.reduce((sum, lesson) => sum + lesson.minutes, 0);
  return Math.round(minutes * 60 * 1000 * PLAUSIBLE_STUDY_SHARE);
}
