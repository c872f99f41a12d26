import type { Learner } from '../../shared/xapi/build';
import { useSession } from '../stores/session';

/** The xAPI actor for this account: the opaque id the server issued, never the NIP. */
export function useLearner(): Learner {
  const accountId = useSession((state) => state.user?.id);
  if (!accountId) throw new Error('useLearner() needs a logged-in account');
  return { accountId, homePage: location.origin };
}
