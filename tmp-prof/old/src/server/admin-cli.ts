import { parseArgs } from 'node:util';
import { isValidNiPppk } from '../shared/nip';
import { configurePasswordHashing } from './auth/password';
import { loadConfig } from './config';
import { migrate } from './db/migrate';
import { openConfiguredDb } from './db/open';
import type { Db } from './db/db';
import { ApiError } from './http/api-error';
import { createPerson, endAllSessions, resetPassword, type Actor } from './services/people';
import { findUserByNip } from './services/users';

/**
 * The operator's account commands, run on the server machine with the server's environment
 * (`DATABASE_URL` or `LENTERA_DATA_DIR`): how the first administrator comes to exist without a
 * published password, and how an operator helps an administrator who is locked out.
 *
 *   npm run admin -- create --nip <NIP> --name "<Nama>" [--opd "<OPD>"] [--unit "<Unit kerja>"]
 *   npm run admin -- reset-password --nip <NIP>
 *   npm run admin -- end-sessions --nip <NIP>
 *
 * `create` and `reset-password` print a one-time password: the person signs in with it once and
 * must choose their own. Every command is written to the account audit log (actor: command line).
 */
const USAGE = `Usage:
  npm run admin -- create --nip <NIP> --name "<Nama>" [--opd "<OPD>"] [--unit "<Unit kerja>"]
  npm run admin -- reset-password --nip <NIP>
  npm run admin -- end-sessions --nip <NIP>`;

/** The command line acts with the BKPSDM's rights; the log records it without an account. */
const OPERATOR: Actor = { userId: null, role: 'admin', opd: '' };
const DEFAULT_OPD = 'Badan Kepegawaian dan Pengembangan Sumber Daya Manusia';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      nip: { type: 'string' },
      name: { type: 'string' },
      opd: { type: 'string' },
      unit: { type: 'string' },
    },
  });
  const [command] = positionals;
  const nip = values.nip?.replace(/\s+/g, '');
  if (command === undefined || nip === undefined || !['create', 'reset-password', 'end-sessions'].includes(command)) {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  configurePasswordHashing({ threads: 1 });
  const { db } = await openConfiguredDb(config, '`npm run admin`');
  try {
    await migrate(db);
    if (command === 'create') return await create(db, nip, values);
    const user = await findUserByNip(db, nip);
    if (user === null) {
      console.error(`No account has NIP ${nip}.`);
      return 1;
    }
    if (command === 'reset-password') {
      const { oneTimePassword } = await resetPassword(db, OPERATOR, user.id);
      printOneTimePassword(user.name, nip, oneTimePassword, 'Every session of this account has ended.');
      return 0;
    }
    const { ended } = await endAllSessions(db, OPERATOR, user.id);
    console.log(
      `${user.name} (NIP ${nip}): ${ended} session(s) ended. Their phones keep their data and ask to sign in again.`,
    );
    return 0;
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    console.error(
      `${error.message}${error.details === undefined ? '' : `\n${JSON.stringify(error.details, null, 2)}`}`,
    );
    return 1;
  } finally {
    await db.close();
  }
}

async function create(db: Db, nip: string, values: { name?: string; opd?: string; unit?: string }): Promise<number> {
  if (values.name === undefined) {
    console.error(`create needs --name.\n${USAGE}`);
    return 2;
  }
  const opd = values.opd ?? DEFAULT_OPD;
  const { person, oneTimePassword } = await createPerson(db, OPERATOR, {
    nip,
    name: values.name,
    status: isValidNiPppk(nip) ? 'PPPK' : 'PNS',
    jabatan: '',
    jenisJabatan: null,
    golongan: null,
    unit: values.unit ?? opd,
    opd,
    atasanNip: null,
    role: 'admin',
  });
  printOneTimePassword(person.name, nip, oneTimePassword, 'Administrator (BKPSDM) created.');
  return 0;
}

function printOneTimePassword(name: string, nip: string, password: string, what: string): void {
  console.log(
    [
      what,
      `  Nama: ${name}`,
      `  NIP:  ${nip}`,
      `  One-time password: ${password}`,
      'Hand it over in person. It is shown only now; at the first login it must be replaced.',
    ].join('\n'),
  );
}

process.exitCode = await main(process.argv.slice(2));
