import type { Queryable } from '../db/db';
import { createUser, findUserByNip, type NewUser } from './users';

/**
 * Demo accounts, with passwords printed in the README: created only when the operator asks for
 * a demo (LENTERA_DEMO=1), and by the test harnesses. A small roster shows every role: the
 * BKPSDM admin, an OPD admin of Disdukcapil, an atasan there with two direct reports (one PNS,
 * one PPPK), and a learner of another OPD that neither the OPD admin nor the atasan can see.
 */
const DISDUKCAPIL = 'Dinas Kependudukan dan Pencatatan Sipil';
const ATASAN_NIP = '197806152003121004';

export const DEMO_ACCOUNTS = {
  admin: {
    nip: '198503142010011002',
    name: 'Admin BKPSDM Demo',
    role: 'admin',
    unit: 'BKPSDM Kota Padangsidempuan',
    opd: 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia',
    jabatan: 'Analis SDM Aparatur Ahli Muda',
    jenisJabatan: 'Fungsional',
    golongan: 'III/c',
    password: 'admin-lentera',
  },
  learner: {
    nip: '199207212019032001',
    name: 'Siti Rahmawati',
    role: 'learner',
    unit: DISDUKCAPIL,
    opd: DISDUKCAPIL,
    jabatan: 'Pengadministrasi Kependudukan',
    jenisJabatan: 'Pelaksana',
    golongan: 'III/a',
    atasanNip: ATASAN_NIP,
    password: 'belajar-lentera',
  },
  atasan: {
    nip: ATASAN_NIP,
    name: 'Hendra Gunawan',
    role: 'learner',
    unit: 'Bidang Pelayanan Pendaftaran Penduduk',
    opd: DISDUKCAPIL,
    jabatan: 'Kepala Bidang Pelayanan Pendaftaran Penduduk',
    jenisJabatan: 'Administrator',
    golongan: 'IV/a',
    password: 'atasan-lentera',
  },
  pppk: {
    nip: '199011232022211003',
    name: 'Rudi Hartono',
    role: 'learner',
    status: 'PPPK',
    unit: 'Bidang Pelayanan Pendaftaran Penduduk',
    opd: DISDUKCAPIL,
    jabatan: 'Pranata Komputer Ahli Pertama',
    jenisJabatan: 'Fungsional',
    golongan: 'IX',
    atasanNip: ATASAN_NIP,
    password: 'pppk-lentera',
  },
  opdAdmin: {
    nip: '198807092012012002',
    name: 'Maya Sari',
    role: 'admin_opd',
    unit: 'Sekretariat',
    opd: DISDUKCAPIL,
    jabatan: 'Analis Kepegawaian',
    jenisJabatan: 'Pelaksana',
    golongan: 'III/b',
    password: 'operator-lentera',
  },
  otherOpd: {
    nip: '199305182020121005',
    name: 'Andi Pratama',
    role: 'learner',
    unit: 'Puskesmas Sadabuan',
    opd: 'Dinas Kesehatan',
    jabatan: 'Perawat Ahli Pertama',
    jenisJabatan: 'Fungsional',
    golongan: 'III/a',
    password: 'sehat-lentera',
  },
} as const satisfies Record<string, NewUser>;

export type DemoAccount = keyof typeof DEMO_ACCOUNTS;

/** Any fixed number, distinct from the migration lock: serialises seeding across servers. */
const SEED_LOCK = 7_211_530;

/**
 * Creates each demo account that does not exist yet; returns the NIPs it created. Under a
 * transaction-scoped advisory lock, so servers started together on one empty database do not
 * both see an account missing and crash on the duplicate key.
 */
export async function seedDemoAccounts(db: Queryable): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    const created: string[] = [];
    for (const account of Object.values(DEMO_ACCOUNTS)) {
      if ((await findUserByNip(tx, account.nip)) !== null) continue;
      await createUser(tx, account);
      created.push(account.nip);
    }
    return created;
  });
}
