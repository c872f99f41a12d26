import { pickLanguage } from '../../../../shared/language';
import type { LessonEntry, Manifest } from '../../../../shared/schema/bundle';
import { referencedFiles } from '../../../../shared/schema/content';
import { ContentView } from '../../../components/ContentView';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { useT } from '../../../hooks/useT';
import { fetchBundleFile, fetchLessonDoc } from '../api';
import { useRemote } from '../useRemote';

/** A lesson rendered by the learner's own `ContentView` (no `innerHTML`), images from the server. */
export function PreviewLesson({ manifest, lesson }: { manifest: Manifest; lesson: LessonEntry }) {
  const { t, language } = useT();
  const loaded = useRemote(async () => {
    const doc = await fetchLessonDoc(manifest, lesson.file);
    // Images of both languages at once, so switching language shows them without waiting.
    const paths = [...new Set([...referencedFiles(doc.body.id), ...referencedFiles(doc.body.en)])];
    const blobs = await Promise.all(paths.map((path) => fetchBundleFile(manifest, path).catch(() => null)));
    return { doc, images: new Map(paths.map((path, index) => [path, blobs[index]])) };
  }, [manifest, lesson.file]);

  if (loaded.error !== null) return <ErrorNotice error={loaded.error} />;
  if (!loaded.data) return <p class="loading">{t('app.loading')}</p>;
  const { doc, images } = loaded.data;
  return (
    <article class="lesson">
      <h2>{pickLanguage(doc.title, language)}</h2>
      <ContentView blocks={pickLanguage(doc.body, language)} resolveFile={(path) => images.get(path)} />
    </article>
  );
}
