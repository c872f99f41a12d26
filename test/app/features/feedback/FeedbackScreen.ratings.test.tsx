// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { recordLessonOpened } from '../../../../src/app/data/progress';
import FeedbackScreen from '../../../../src/app/features/feedback/FeedbackScreen';
import { manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('feedback');

beforeEach(async () => {
  const manifest = manifestFixture();
  await db.courses.put({
    id: manifest.id,
    version: manifest.version,
    manifest,
    size: 1,
    downloadedAt: '',
    signature: null,
  });
  // The evaluation is offered once the course is started (the server refuses it before).
  await recordLessonOpened(db, manifest.id, manifest.lessons[0]!.id);
});

describe('FeedbackScreen', () => {
  it('asks for the missing ratings, and stops asking once they are all given', async () => {
    const { container } = render(<FeedbackScreen courseId="kursus-uji" lessonId={null} />);
    const submit = await screen.findByRole('button', { name: 'Kirim umpan balik' });
    const rate = (item: string, score: number) =>
      fireEvent.click(container.querySelector(`input[name="${item}"][value="${score}"]`)!);
    rate('relevance', 4);
    fireEvent.click(submit);
    expect(screen.getByRole('alert').textContent).toBe('Mohon beri nilai untuk keempat pertanyaan.');

    rate('difficulty', 3);
    rate('clarity', 5);
    expect(screen.getByRole('alert').textContent).toBe('Mohon beri nilai untuk keempat pertanyaan.');
    rate('usefulness', 5);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
