import type { Queryable } from '../db/db';
import { defaultKodeKursus } from './record-settings';
import { DEFAULT_JENIS_DIKLAT_ID, DEFAULT_JENIS_KURSUS_SERTIPIKAT } from './siasn-export';

/** A course's code in certificate numbers and its SIASN reference values (`course_record_settings`). */
export interface CourseRecordSettings {
  kodeKursus: string;
  jenisDiklatId: number;
  jenisKursusSertipikat: string;
  jenisKursus: string;
  lokasiId: string;
}

/** The stored settings, or the defaults (16 "E-Learning", "T", the course id as code). */
export async function courseRecordSettings(db: Queryable, courseId: string): Promise<CourseRecordSettings> {
  const [row] = await db.query<{
    kode_kursus: string;
    jenis_diklat_id: number;
    jenis_kursus_sertipikat: string;
    jenis_kursus: string;
    lokasi_id: string;
  }>('SELECT * FROM course_record_settings WHERE course_id = $1', [courseId]);
  if (row === undefined)
    return {
      kodeKursus: defaultKodeKursus(courseId),
      jenisDiklatId: DEFAULT_JENIS_DIKLAT_ID,
      jenisKursusSertipikat: DEFAULT_JENIS_KURSUS_SERTIPIKAT,
      jenisKursus: '',
      lokasiId: '',
    };
  return {
    kodeKursus: row.kode_kursus,
    jenisDiklatId: row.jenis_diklat_id,
    jenisKursusSertipikat: row.jenis_kursus_sertipikat,
    jenisKursus: row.jenis_kursus,
    lokasiId: row.lokasi_id,
  };
}

/** Upserts; null when the course does not exist. Certificates already issued keep their number. */
export async function saveCourseRecordSettings(
  db: Queryable,
  courseId: string,
  settings: CourseRecordSettings,
): Promise<CourseRecordSettings | null> {
  const rows = await db.query<{ course_id: string }>(
    `INSERT INTO course_record_settings
       (course_id, kode_kursus, jenis_diklat_id, jenis_kursus_sertipikat, jenis_kursus, lokasi_id)
     SELECT c.id, $2, $3, $4, $5, $6 FROM courses c WHERE c.id = $1
     ON CONFLICT (course_id) DO UPDATE SET kode_kursus = EXCLUDED.kode_kursus,
       jenis_diklat_id = EXCLUDED.jenis_diklat_id,
       jenis_kursus_sertipikat = EXCLUDED.jenis_kursus_sertipikat, jenis_kursus = EXCLUDED.jenis_kursus,
       lokasi_id = EXCLUDED.lokasi_id, updated_at = now()
     RETURNING course_id`,
    [
      courseId,
      settings.kodeKursus,
      settings.jenisDiklatId,
      settings.jenisKursusSertipikat,
      settings.jenisKursus,
      settings.lokasiId,
    ],
  );
  return rows.length === 0 ? null : settings;
}
