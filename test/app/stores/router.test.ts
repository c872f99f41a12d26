// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { parseRoute, routePath } from '../../../src/app/stores/router';
import { TASKS_PATH } from '../../../src/shared/sw-messages';

describe('parseRoute', () => {
  it('reads the learner pages back from their paths, ids with spaces or accents included', () => {
    for (const route of [
      { name: 'home' },
      { name: 'catalog' },
      { name: 'profile' },
      { name: 'course', courseId: 'etika-berakhlak' },
      { name: 'lesson', courseId: 'etika-berakhlak', lessonId: 'nilai dasar é' },
      { name: 'quiz', courseId: 'etika-berakhlak', quizId: 'post-test' },
      { name: 'feedback', courseId: 'etika-berakhlak', lessonId: 'pengantar' },
      { name: 'storage' },
      { name: 'sync' },
      { name: 'record' },
      { name: 'verify', code: null },
      { name: 'verify', code: 'ABCDEFGHJK' },
    ] as const) {
      expect(parseRoute(routePath(route))).toEqual(route);
    }
  });

  it('a tapped reminder opens "Tugas" (the service worker navigates to TASKS_PATH)', () => {
    expect(parseRoute(TASKS_PATH)).toEqual({ name: 'tasks' });
    expect(routePath({ name: 'tasks' })).toBe(TASKS_PATH);
  });

  it('opens the home screen at the root, the tabs at their Indonesian paths, and old storage links still work', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('/pelatihan')).toEqual({ name: 'catalog' });
    expect(parseRoute('/unduhan')).toEqual({ name: 'storage' });
    expect(parseRoute('/storage')).toEqual({ name: 'storage' });
    expect(parseRoute('/profil')).toEqual({ name: 'profile' });
    expect(parseRoute('/profil/x')).toEqual({ name: 'notFound' });
    expect(parseRoute('/constructor')).toEqual({ name: 'notFound' });
  });

  it('a link cut off mid-escape opens the "not found" page instead of a blank app', () => {
    expect(parseRoute('/courses/etika%E0%A4')).toEqual({ name: 'notFound' });
    expect(parseRoute('/courses/%')).toEqual({ name: 'notFound' });
  });
});
