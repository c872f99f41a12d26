import type { Queryable } from '../db/db';
import { createUser, findUserByNip, type NewUser } from './users';

/** The accounts a fresh install ships with, so a demo works without an admin console. */
export const DEMO_ACCOUNTS = {
  admin: {
    nip: '198503142010011002',
    name: 'Admin BKPSDM Demo',
    role: 'admin',
    unit: 'BKPSDM Kota Padangsidempuan',
    password: 'admin-lentera',
  },
  learner: {
    nip: '199207212019032001',
    name: 'Siti Rahmawati',
    role: 'learner',
    unit: 'Dinas Kependudukan dan Pencatatan Sipil',
    password: 'belajar-lentera',
  },
} as const satisfies Record<string, NewUser>;

/** Creates each demo account that does not exist yet; returns the NIPs it created. */
export async function seedDemoAccounts(db: Queryable): Promise<string[]> {
  const created: string[] = [];
  for (const account of Object.values(DEMO_ACCOUNTS)) {
    if ((await findUserByNip(db, account.nip)) !== null) continue;
    await createUser(db, account);
    created.push(account.nip);
  }
  return created;
}
