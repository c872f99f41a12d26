import { useEffect, useState } from 'preact/hooks';
import { attachmentFetch } from '../data/attachments';
import { useDb } from '../hooks/useDb';
import { useImageUrl } from '../hooks/useImageUrl';
import { useLiveQuery } from '../hooks/useLiveQuery';
import { useT } from '../hooks/useT';
import { useNetwork } from '../stores/network';
import { useSession } from '../stores/session';

const fetchFile = attachmentFetch();

/**
 * A photo a record carries: from the phone when it holds it (the learner's own, or a
 * downloaded course's recent post kept at sync), otherwise read from the server while online
 * and shown without being kept. Offline and not on the phone: a line saying so.
 */
export function AttachedPhoto({ sha256, alt }: { sha256: string; alt: string }) {
  const { t } = useT();
  const db = useDb();
  const token = useSession((state) => state.token);
  const online = useNetwork((state) => state.online);
  const stored = useLiveQuery(async () => (await db.attachments.get(sha256)) ?? null, [db, sha256]);
  const [fetched, setFetched] = useState<Blob | null>(null);
  useEffect(() => {
    if (stored !== null || !online || token === null || fetched !== null) return undefined;
    let current = true;
    fetchFile(sha256, token).then(
      ({ blob }) => current && setFetched(blob),
      () => undefined, // not readable now: the line below stays
    );
    return () => {
      current = false;
    };
  }, [stored, online, token, sha256, fetched]);
  const url = useImageUrl(stored?.blob ?? fetched);
  if (url === undefined)
    return stored === undefined ? null : <p class="attachment attachment--missing">{t('attachment.notHere')}</p>;
  return <img class="attachment" src={url} alt={alt} loading="lazy" decoding="async" />;
}
