import { DEFAULT_JP_TARGET, DEFAULT_TIME_ZONE, type JpTargets } from '../../shared/ledger';

/**
 * The institution's settings for the JP ledger, certificates and the SIASN export, from the
 * environment (`config.ts`). Tests and `createApp` fill what they leave out with these defaults.
 */
export interface RecordSettings {
  /** IANA zone whose calendar year a completion counts for (LENTERA_TIME_ZONE). */
  timeZone: string;
  targets: JpTargets;
  /** Printed on certificates ("instansi") and, unless set apart, SIASN's institusiPenyelenggara. */
  instansi: string;
  /** `{kodeInstansi}` in certificate numbers. */
  kodeInstansi: string;
  /** SIASN's `instansiId` column. */
  siasnInstansiId: string;
  institusiPenyelenggara: string;
  /** Placeholders: {kodeInstansi} {kodeKursus} {YYYY} {seq} {seq:0N}. */
  numberFormat: string;
  /** "Ditetapkan di" on the certificate. */
  tempat: string;
  signer: { nama: string; nip: string; jabatan: string };
  /** Issue the certificate only once the learner has given the course evaluation. */
  requireEvaluation: boolean;
  /**
   * Origin printed in the QR (`https://lentera.example.go.id`); unset: the origin of the request that renders the PDF.
   */
  publicUrl: string | undefined;
}

export const DEFAULT_NUMBER_FORMAT = '{kodeInstansi}/{kodeKursus}/{YYYY}/{seq:05}';

export const DEFAULT_RECORD_SETTINGS: RecordSettings = {
  timeZone: DEFAULT_TIME_ZONE,
  targets: { pns: DEFAULT_JP_TARGET, pppk: null },
  instansi: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
  kodeInstansi: 'BKPSDM',
  siasnInstansiId: '',
  institusiPenyelenggara: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
  numberFormat: DEFAULT_NUMBER_FORMAT,
  tempat: '',
  signer: { nama: '', nip: '', jabatan: 'Kepala BKPSDM' },
  requireEvaluation: false,
  publicUrl: undefined,
};

export function recordSettings(partial: Partial<RecordSettings> = {}): RecordSettings {
  return { ...DEFAULT_RECORD_SETTINGS, ...partial };
}

const PLACEHOLDER = /\{(kodeInstansi|kodeKursus|YYYY|seq)(?::0(\d))?\}/g;

/**
 * Whether a number format has what makes numbers unique within a year: the
 * sequence (and the year, or numbers repeat yearly).
 */
export function isUsableNumberFormat(format: string): boolean {
  return format.length <= 100 && format.includes('{YYYY}') && /\{seq(?::0\d)?\}/.test(format);
}

/** The certificate number from the format, e.g. `BKPSDM/ETIKA/2026/00042`. */
export function formatCertificateNumber(
  format: string,
  values: { kodeInstansi: string; kodeKursus: string; year: number; seq: number },
): string {
  return format.replace(PLACEHOLDER, (_whole, name: string, width: string | undefined) => {
    if (name === 'kodeInstansi') return values.kodeInstansi;
    if (name === 'kodeKursus') return values.kodeKursus;
    if (name === 'YYYY') return String(values.year);
    return String(values.seq).padStart(Number(width ?? 0), '0');
  });
}

/** A course's code in numbers when the admin set none: its id, upper case (`etika-berakhlak` → `ETIKA-BERAKHLAK`). */
export function defaultKodeKursus(courseId: string): string {
  return courseId.toUpperCase().slice(0, 30);
}
