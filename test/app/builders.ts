import { completionKey } from '../../src/app/data/completion';
import type { LenteraDb } from '../../src/app/data/db';
import type { CatalogEntry, User } from '../../src/shared/protocol';
import { COMPETENCY_TYPES } from '../../src/shared/schema/bundle';
import type { Manifest, QuizDoc, QuizEntry } from '../../src/shared/schema/bundle';
import type { Learner } from '../../src/shared/xapi/build';

export const learner: Learner = { accountId: '0191f2a4-0000-7000-8000-00000000a11c', homePage: 'https://lentera.test' };

/** An account as the server describes it: Siti, a learner of Disdukcapil, unless overridden. */
export function aUser(overrides: Partial<User> = {}): User {
  return {
    id: 'u1',
    nip: '199207212019032001',
    name: 'Siti',
    role: 'learner',
    unit: 'Disdukcapil',
    opd: 'Dinas Kependudukan dan Pencatatan Sipil',
    status: 'PNS',
    jabatan: 'Pengadministrasi Kependudukan',
    jenisJabatan: 'Pelaksana',
    golongan: 'III/a',
    atasanNip: null,
    directReports: 0,
    mustChangePassword: false,
    ...overrides,
  };
}

const option = (id: string) => ({ id, text: { id: `Pilihan ${id}`, en: `Option ${id}` } });

export const postTest: QuizDoc = {
  id: 'post-test',
  questions: [
    {
      id: 'q1',
      type: 'single',
      prompt: { id: 'Satu?', en: 'One?' },
      options: [option('a'), option('b')],
      answer: ['a'],
      explanation: { id: 'Karena a.', en: 'Because a.' },
    },
    {
      id: 'q2',
      type: 'multiple',
      prompt: { id: 'Dua?', en: 'Two?' },
      options: [option('a'), option('b'), option('c')],
      answer: ['b', 'c'],
      explanation: { id: 'b dan c.', en: 'b and c.' },
    },
  ],
};

export const postTestEntry: QuizEntry = {
  id: 'post-test',
  kind: 'post',
  title: { id: 'Post-test', en: 'Post-test' },
  file: 'quizzes/post-test.json',
  passingScore: 70,
  maxAttempts: 2,
  questionCount: 2,
};

/** A manifest for data-layer tests that never read files: two lessons and a post-test. */
export function manifestFixture(overrides: Partial<Manifest> = {}): Manifest {
  return {
    format: 1,
    id: 'kursus-uji',
    version: '1.0.0',
    title: { id: 'Kursus Uji', en: 'Test Course' },
    description: { id: 'Uji.', en: 'Test.' },
    jp: 2,
    competency: 'teknis',
    lessons: [
      { id: 'satu', title: { id: 'Satu', en: 'One' }, file: 'lessons/satu.json', minutes: 45 },
      { id: 'dua', title: { id: 'Dua', en: 'Two' }, file: 'lessons/dua.json', minutes: 45 },
    ],
    quizzes: [postTestEntry],
    files: [{ path: 'lessons/satu.json', size: 1, sha256: '0'.repeat(64), type: 'application/json' }],
    ...overrides,
  };
}

/** A course downloaded to the phone and completed there at `completedAt`. */
export async function completedOnPhone(db: LenteraDb, manifest: Manifest, completedAt: string): Promise<void> {
  await db.courses.put({
    id: manifest.id,
    version: manifest.version,
    manifest,
    size: 1,
    downloadedAt: '2026-01-01T00:00:00Z',
    signature: null,
  });
  await db.meta.put({ key: completionKey(manifest.id, manifest.version), value: completedAt });
}

/** 200 courses, as a province's catalog may grow to: varied titles, JP and competency types. */
export function catalogOf200(): CatalogEntry[] {
  const topics = ['Pelayanan Publik', 'Manajemen Kinerja', 'Etika ASN', 'Keuangan Daerah', 'SPBE', 'Kepemimpinan'];
  return Array.from({ length: 200 }, (_, index) => ({
    id: `kursus-${index}`,
    version: '1.0.0',
    title: { id: `${topics[index % topics.length]} ${index}`, en: `Course ${index}` },
    description: { id: `Deskripsi pelatihan nomor ${index} tentang ${topics[(index + 1) % topics.length]}.`, en: 'x' },
    jp: (index % 12) + 1,
    competency: COMPETENCY_TYPES[index % COMPETENCY_TYPES.length]!,
    lessonCount: 3,
    size: 100_000,
    publishedAt: '2026-11-01T00:00:00.000Z',
  }));
}
