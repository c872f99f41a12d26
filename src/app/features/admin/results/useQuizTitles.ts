import { useEffect, useState } from 'preact/hooks';
import { pickLanguage } from '../../../../shared/language';
import type { Manifest } from '../../../../shared/schema/bundle';
import { useT } from '../../../hooks/useT';
import { fetchPublishedManifest } from '../api';

/**
 * A quiz's title in the admin's language, for the courses whose attempts are on screen: each
 * course's published manifest is fetched once. A quiz the published version no longer has, a
 * withdrawn course, or one still on its way shows the quiz id.
 */
export function useQuizTitles(courseIds: readonly string[]): (courseId: string, quizId: string) => string {
  const { language } = useT();
  const [manifests, setManifests] = useState<ReadonlyMap<string, Manifest | null>>(new Map());
  // A string, so the effect runs again only when a course not fetched yet comes on screen.
  const missing = [...new Set(courseIds)]
    .filter((id) => !manifests.has(id))
    .sort()
    .join('\n');
  useEffect(() => {
    if (missing === '') return;
    let current = true;
    void Promise.all(
      missing.split('\n').map(async (id) => {
        const manifest = await fetchPublishedManifest(id).then(
          (signed) => signed.manifest,
          () => null,
        );
        return [id, manifest] as const;
      }),
    ).then((fetched) => {
      if (current) setManifests((before) => new Map([...before, ...fetched]));
    });
    return () => {
      current = false;
    };
  }, [missing]);
  return (courseId, quizId) => {
    const quiz = manifests.get(courseId)?.quizzes.find((entry) => entry.id === quizId);
    return quiz ? pickLanguage(quiz.title, language) : quizId;
  };
}
