// Each test file imports 'fake-indexeddb/auto' first: Dexie looks for indexedDB when it loads.
import { cleanup } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { databaseFor, type LenteraDb } from '../../src/app/data/db';
import { initI18n } from '../../src/app/i18n';
import { useSession } from '../../src/app/stores/session';
import type { User } from '../../src/shared/protocol';
import { aUser } from './builders';

/**
 * A learner signed in on the phone with their own Dexie database, for a component that reads the
 * phone's data (a screen that also downloads a course uses `features/screen-kit.ts`). Call it at the
 * top of a test file: the texts load once; before each test the session is set and the database
 * opened, after it the rendering is unmounted, mocks restored, the database deleted and the
 * learner signed out. `db` is the same object throughout (`databaseFor` keeps one per account).
 */
export function signedInLearner(name: string): { user: User; db: LenteraDb } {
  const user = aUser({ id: `${name}-${crypto.randomUUID()}` });
  const db = databaseFor(user.id);
  beforeAll(() => initI18n('id'));
  beforeEach(async () => {
    useSession.setState({ token: 't', user, expired: false });
    // The previous test deleted (and so closed) this account's database.
    if (!db.isOpen()) await db.open();
  });
  afterEach(async () => {
    cleanup();
    vi.restoreAllMocks();
    await db.delete();
    useSession.getState().signOut();
  });
  return { user, db };
}
