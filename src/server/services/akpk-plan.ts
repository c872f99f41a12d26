import type { PeriodCompetency } from '../../shared/protocol/akpk';
import type { Audience } from '../auth/audience';
import type { Queryable } from '../db/db';
import { collectNeeds, type Need } from './akpk';

/**
 * "Rencana Pengembangan Kompetensi" from a survey period's validated needs, with the columns
 * PP 11/2017 Pasal 207(3) names: (a) jenis kompetensi, (b) target PNS (count and NIPs), (c) jenis
 * dan jalur pengembangan, (d) penyelenggara, (e) jadwal/waktu, (f) kesesuaian dengan standar
 * kurikulum, (g) anggaran — left blank: the BKPSDM fills it in its RKA. One row per OPD ×
 * competency with at least one person below standard, highest priority score first, with
 * the catalog courses that address the need.
 */

/** Jenis (PP 11/2017 Pasal 210: pendidikan or pelatihan) and jalur (klasikal / nonklasikal) of each proposed method. */
const ROUTES: Readonly<Record<string, string>> = {
  'pelatihan-klasikal': 'Pelatihan — klasikal',
  seminar: 'Pelatihan — klasikal (seminar)',
  'e-learning': 'Pelatihan — nonklasikal (e-learning)',
  coaching: 'Pelatihan — nonklasikal (coaching)',
  mentoring: 'Pelatihan — nonklasikal (mentoring)',
  magang: 'Pelatihan — nonklasikal (magang/praktik kerja)',
  'belajar-mandiri': 'Pelatihan — nonklasikal (belajar mandiri)',
};

export const PLAN_HEADER = [
  'No',
  'OPD',
  'Kode Kompetensi',
  'Jenis Kompetensi',
  'Kompetensi yang Perlu Dikembangkan',
  'Jumlah PNS Sasaran',
  'NIP PNS Sasaran',
  'Rata-rata Kesenjangan',
  'Skor Prioritas',
  'Jenis dan Jalur Pengembangan',
  'Penyelenggara',
  'Jadwal/Waktu Pelaksanaan',
  'Kesesuaian dengan Standar Kurikulum',
  'Pelatihan Katalog yang Sesuai',
  'Anggaran',
] as const;

export interface CatalogCourse {
  id: string;
  title: string;
  description: string;
  competency: string;
}

/** Words too common in competency and course names to say that one addresses the other. */
const COMMON_WORDS = new Set(['untuk', 'dengan', 'dalam', 'kompetensi', 'pelatihan', 'dasar', 'tentang', 'serta']);

function keywords(text: string): Set<string> {
  const words = text
    .normalize('NFKD')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length >= 5 && !COMMON_WORDS.has(word));
  return new Set(words);
}

/**
 * The catalog courses that address a need: the course a "topik" competency names; otherwise a
 * course of the same competency type (bundle `competency`) whose title or description shares
 * a significant word with the competency's name. The socio-cultural type has one competency,
 * so every socio-cultural course addresses it.
 */
export function coursesFor(
  competency: Pick<PeriodCompetency, 'code' | 'name' | 'type'>,
  catalog: readonly CatalogCourse[],
) {
  if (competency.type === 'topik') return catalog.filter((course) => course.id === competency.code);
  const wanted = keywords(competency.name);
  return catalog.filter((course) => {
    if (course.competency !== competency.type) return false;
    if (competency.type === 'sosial-kultural') return true;
    const own = keywords(`${course.title} ${course.description}`);
    return [...wanted].some((word) => own.has(word));
  });
}

export async function publishedCatalog(db: Queryable): Promise<CatalogCourse[]> {
  return db.query<CatalogCourse>(
    `SELECT c.id, v.manifest->'title'->>'id' AS title, v.manifest->'description'->>'id' AS description,
            v.manifest->>'competency' AS competency
     FROM courses c JOIN course_versions v ON v.course_id = c.id AND v.version = c.published_version
     ORDER BY c.id`,
  );
}

/** The published catalog's courses as "topik" competencies a period may include (their code is the course id). */
export async function catalogTopics(db: Queryable): Promise<PeriodCompetency[]> {
  return (await publishedCatalog(db)).map((course) => ({
    code: course.id,
    name: course.title.slice(0, 200),
    type: 'topik',
    jabatan: null,
    opd: null,
    requiredLevel: null,
  }));
}

/** The most proposed method among the people with the gap (ties: the first in the learner's list). */
function route(need: Need): string {
  let best: string | null = null;
  for (const [method, count] of need.methods) if (best === null || count > (need.methods.get(best) ?? 0)) best = method;
  return best === null ? '' : (ROUTES[best] ?? best);
}

/** The plan as rows (header first), for the OPDs and people the admin manages; null for an unknown period. */
export async function developmentPlan(
  db: Queryable,
  audience: Audience,
  periodId: string,
  opd: string | undefined,
): Promise<{ year: number; rows: (string | number)[][] } | null> {
  const needs = await collectNeeds(db, audience, periodId, opd);
  if (needs === null) return null;
  const catalog = await publishedCatalog(db);
  const competencies = new Map(needs.period.competencies.map((competency) => [competency.code, competency]));
  const types: Readonly<Record<PeriodCompetency['type'], string>> = {
    manajerial: 'Manajerial',
    'sosial-kultural': 'Sosial kultural',
    teknis: 'Teknis',
    topik: 'Teknis (topik katalog)',
  };
  const schedule =
    `${needs.period.starts_on} s.d. ${needs.period.ends_on} (periode AKPK ${needs.period.year}); ` +
    'jadwal pelaksanaan ditetapkan BKPSDM';
  const rows = needs.rows
    .filter((need) => need.withGap > 0)
    .sort(
      (a, b) =>
        b.priorityScore - a.priorityScore || a.opd.localeCompare(b.opd) || a.competency.localeCompare(b.competency),
    )
    .map((need, index) => {
      const competency = competencies.get(need.competency) ?? {
        code: need.competency,
        name: need.name,
        type: 'teknis' as const,
      };
      const courses = coursesFor(competency, catalog);
      return [
        index + 1,
        need.opd,
        need.competency,
        types[competency.type],
        need.name,
        need.withGap,
        need.nips.join(', '),
        Math.round(need.meanGap * 100) / 100,
        need.priorityScore,
        route(need),
        courses.length > 0 ? 'BKPSDM (e-learning Lentera)' : '',
        schedule,
        courses.length > 0
          ? `Sesuai: kurikulum pelatihan katalog berjenis kompetensi ${types[competency.type].toLowerCase()}`
          : 'Belum ada kurikulum di katalog',
        courses.map((course) => `${course.title} (${course.id})`).join('; '),
        '',
      ];
    });
  return { year: needs.period.year, rows: [[...PLAN_HEADER], ...rows] };
}
