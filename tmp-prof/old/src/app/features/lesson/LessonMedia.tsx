import { useEffect, useRef, useState } from 'preact/hooks';
import { LESSON_MEDIA_TYPES } from '../../../shared/schema/bundle';
import { readMediaPosition, saveMediaPosition } from '../../data/media';
import { useDb } from '../../hooks/useDb';
import { useT } from '../../hooks/useT';
import { reportSaveFailure } from '../../stores/saveFailure';

export const SPEEDS = [0.75, 1, 1.25, 1.5, 2] as const;
/** How often, at most, the listening position is written while playing. */
const SAVE_EVERY_S = 5;

/**
 * A playable URL for a lesson's audio or video held on the phone (works offline), re-typed
 * from the allow-list so a file of any other type is never handed to the browser.
 */
function useMediaUrl(blob: Blob | undefined, kind: 'audio' | 'video'): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    setUrl(undefined);
    if (!blob) return undefined;
    const type = blob.type.split(';')[0]!.trim().toLowerCase();
    const allowed: readonly string[] = LESSON_MEDIA_TYPES[kind];
    if (!allowed.includes(type)) return undefined;
    const created = URL.createObjectURL(new Blob([blob], { type }));
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob, kind]);
  return url;
}

/**
 * A lesson's narration (or video), from the phone: continues where the learner stopped
 * listening, with a choice of speed. The browser's own controls do play, pause and seek.
 */
export function LessonMedia({
  kind,
  blob,
  courseId,
  lessonId,
}: {
  kind: 'audio' | 'video';
  blob: Blob | undefined;
  courseId: string;
  lessonId: string;
}) {
  const { t, language } = useT();
  const db = useDb();
  const url = useMediaUrl(blob, kind);
  const media = useRef<HTMLMediaElement | null>(null);
  const lastSaved = useRef(0);
  const [speed, setSpeed] = useState<number>(1);

  const save = (seconds: number): void => {
    lastSaved.current = seconds;
    saveMediaPosition(db, courseId, lessonId, kind, seconds).catch(reportSaveFailure);
  };

  const resume = (): void => {
    const element = media.current;
    if (!element) return;
    void readMediaPosition(db, courseId, lessonId, kind).then((seconds) => {
      // Near the end there is nothing left to continue: start again from the beginning.
      if (seconds > 1 && (!Number.isFinite(element.duration) || seconds < element.duration - 2))
        element.currentTime = seconds;
    });
  };

  useEffect(() => {
    if (media.current) media.current.playbackRate = speed;
  }, [speed, url]);

  if (!blob) return <p class="notice">{t('media.missing')}</p>;
  if (!url) return <p class="notice">{t('media.unsupported')}</p>;
  const shared = {
    ref: (element: HTMLMediaElement | null): void => {
      media.current = element;
    },
    src: url,
    controls: true,
    preload: 'metadata' as const,
    onLoadedMetadata: resume,
    onTimeUpdate: (event: Event) => {
      const seconds = (event.currentTarget as HTMLMediaElement).currentTime;
      if (Math.abs(seconds - lastSaved.current) >= SAVE_EVERY_S) save(seconds);
    },
    onPause: (event: Event) => save((event.currentTarget as HTMLMediaElement).currentTime),
    onEnded: () => save(0),
    onRateChange: (event: Event) => setSpeed((event.currentTarget as HTMLMediaElement).playbackRate),
  };
  return (
    <section class={`lesson-media lesson-media--${kind}`} aria-label={t(`media.${kind}`)}>
      <h2 class="lesson-media__title">{t(`media.${kind}`)}</h2>
      {kind === 'audio' ? <audio {...shared} /> : <video {...shared} playsInline />}
      <div class="lesson-media__speeds" role="group" aria-label={t('media.speed')}>
        {SPEEDS.map((value) => (
          <button
            key={value}
            type="button"
            class="lesson-media__speed"
            aria-pressed={speed === value}
            onClick={() => setSpeed(value)}
          >
            {t('media.speedValue', { value: value.toLocaleString(language === 'id' ? 'id-ID' : 'en-US') })}
          </button>
        ))}
      </div>
    </section>
  );
}
