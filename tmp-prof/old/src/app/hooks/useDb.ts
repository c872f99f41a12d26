import { databaseFor, type LenteraDb } from '../data/db';
import { useSession } from '../stores/session';

/** The logged-in account's database. Screens using it are only rendered with a session. */
export function useDb(): LenteraDb {
  const userId = useSession((state) => state.user?.id);
  if (!userId) throw new Error('useDb() needs a logged-in account');
  return databaseFor(userId);
}
