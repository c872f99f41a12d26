import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { progressText } from '../../../src/app/components/courseProgress';
import { i18n, initI18n } from '../../../src/app/i18n';

// Node has no localStorage; initI18n only reads it for the saved language.
beforeAll(() => {
  globalThis.localStorage ??= { getItem: () => null, setItem: () => undefined } as unknown as Storage;
  return initI18n('id');
});
const t = i18n.t.bind(i18n);

describe('what the screens say is true (issue 11.10)', () => {
  it('a course whose lessons are all studied is not "selesai": the post-test comes next', () => {
    expect(progressText(t, { completedLessons: 1, totalLessons: 5, percent: 20, nextLessonId: 'dua' })).toBe(
      '1 dari 5 materi dipelajari',
    );
    const allRead = progressText(t, { completedLessons: 5, totalLessons: 5, percent: 100, nextLessonId: null });
    expect(allRead).toBe('Semua materi dipelajari · berikutnya post-test');
    expect(allRead).not.toMatch(/selesai/i);
  });

  it('a lesson quiz link says "Kerjakan Kuis: …", not "Kerjakan kuis: Kuis: …"', () => {
    expect(t('lesson.takeQuiz', { title: 'Kuis: Nilai BerAKHLAK' })).toBe('Kerjakan Kuis: Nilai BerAKHLAK');
  });

  it("no style rule puts a tick into a lesson item's links (the lesson quiz's link would show one unearned)", () => {
    const css = readFileSync(resolve(import.meta.dirname, '../../../src/app/styles.css'), 'utf8').replace(
      /\/\*[\s\S]*?\*\//g,
      '',
    );
    const tickRules = [...css.matchAll(/([^{}]+)\{[^}]*content:\s*' ✓'/g)].map((match) => match[1]?.trim());
    expect(tickRules.filter((rule) => /lesson-list__item[^,]*\s+a::after/.test(rule ?? ''))).toEqual([]);
  });
});
