// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import PreviewScreen from '../../../../../src/app/features/admin/preview/PreviewScreen';
import { setLanguage } from '../../../../../src/app/i18n';
import { api } from '../../../../../src/shared/protocol';
import { bundleApi } from '../../../../../src/shared/protocol/bundles';
import type { LessonDoc } from '../../../../../src/shared/schema/bundle';
import { manifestFixture, postTest } from '../../../builders';
import { signInAs, stubFetch, initAdminI18n } from '../fakes';

const LESSON_SHA = 'a'.repeat(64);
const IMAGE_SHA = 'b'.repeat(64);
const QUIZ_SHA = 'c'.repeat(64);
const HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>';

const lesson: LessonDoc = {
  id: 'satu',
  title: { id: 'Pengantar Etika', en: 'Introduction to Ethics' },
  body: {
    id: [
      { t: 'p', c: [{ t: 'text', v: HOSTILE }] },
      { t: 'p', c: [{ t: 'img', src: 'images/berakhlak.svg', alt: 'Diagram BerAKHLAK' }] },
    ],
    en: [{ t: 'p', c: [{ t: 'text', v: 'Public servants serve.' }] }],
  },
};

const manifest = manifestFixture({
  version: '1.2.0',
  files: [
    { path: 'lessons/satu.json', size: 100, sha256: LESSON_SHA, type: 'application/json' },
    { path: 'lessons/dua.json', size: 100, sha256: 'd'.repeat(64), type: 'application/json' },
    { path: 'images/berakhlak.svg', size: 10, sha256: IMAGE_SHA, type: 'image/svg+xml' },
    { path: 'quizzes/post-test.json', size: 100, sha256: QUIZ_SHA, type: 'application/json' },
  ],
});

beforeAll(async () => {
  await initAdminI18n();
  // jsdom has no object URLs; the image only needs one to exist.
  URL.createObjectURL = () => 'blob:preview-image';
  URL.revokeObjectURL = () => undefined;
});
beforeEach(() => signInAs('admin'));
afterEach(async () => {
  cleanup();
  vi.unstubAllGlobals();
  await setLanguage('id');
});

function serveBundle() {
  return stubFetch({
    [`GET ${bundleApi.versionManifest('kursus-uji', '1.2.0')}`]: () => Response.json({ manifest, signature: 'c2ln' }),
    [`GET ${api.file(LESSON_SHA)}`]: () => Response.json(lesson),
    [`GET ${api.file(IMAGE_SHA)}`]: () =>
      new Response('<svg xmlns="http://www.w3.org/2000/svg"/>', { headers: { 'content-type': 'image/svg+xml' } }),
    [`GET ${api.file(QUIZ_SHA)}`]: () => Response.json(postTest),
  });
}

describe('PreviewScreen', () => {
  it('shows the course as a learner sees it: title, JP, competency and lessons', async () => {
    serveBundle();
    render(<PreviewScreen courseId="kursus-uji" version="1.2.0" />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('Kursus Uji');
    expect(screen.getByText('2 JP')).toBeTruthy();
    expect(screen.getByText('Kompetensi teknis')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Dua' })).toBeTruthy();
  });

  it('renders a fetched lesson with ContentView: markup-like text stays text, images from the server', async () => {
    const calls = serveBundle();
    const { container } = render(<PreviewScreen courseId="kursus-uji" version="1.2.0" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Satu' }));

    expect(await screen.findByRole('heading', { name: 'Pengantar Etika' })).toBeTruthy();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('.content')!.textContent).toContain(HOSTILE);
    await vi.waitFor(() =>
      expect(container.querySelector('.content img')?.getAttribute('alt')).toBe('Diagram BerAKHLAK'),
    );
    expect(calls.map((call) => call.url)).toEqual(expect.arrayContaining([api.file(LESSON_SHA), api.file(IMAGE_SHA)]));
  });

  it('follows the app language', async () => {
    serveBundle();
    render(<PreviewScreen courseId="kursus-uji" version="1.2.0" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Satu' }));
    await screen.findByRole('heading', { name: 'Pengantar Etika' });
    await setLanguage('en');
    expect(await screen.findByText('Public servants serve.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Test Course');
  });

  it('shows a quiz with its correct answers marked and the explanations', async () => {
    serveBundle();
    const { container } = render(<PreviewScreen courseId="kursus-uji" version="1.2.0" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Post-test' }));
    expect(await screen.findByText('Satu?')).toBeTruthy();
    const correct = [...container.querySelectorAll('.admin-quiz__option--correct')].map((item) => item.textContent);
    expect(correct).toEqual(['Pilihan a ✓ jawaban benar', 'Pilihan b ✓ jawaban benar', 'Pilihan c ✓ jawaban benar']);
    expect(screen.getByText('Karena a.')).toBeTruthy();
  });

  it('explains when the version does not exist', async () => {
    stubFetch({});
    render(<PreviewScreen courseId="kursus-uji" version="9.9.9" />);
    expect((await screen.findByRole('alert')).textContent).toBe('Data tidak ditemukan.');
  });

  it('no admin screen writes HTML: nothing under features/admin uses innerHTML', () => {
    const dir = resolve(import.meta.dirname, '../../../../../src/app/features/admin');
    const sources = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file));
    expect(sources.length).toBeGreaterThan(5);
    for (const file of sources)
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(
        /\.innerHTML\s*=|dangerouslySetInnerHTML|insertAdjacentHTML/,
      );
  });
});
