import { useEffect, useState } from 'preact/hooks';
import { sniffType } from '../../../shared/records/attachment';
import { request } from '../../data/http';
import { useImageUrl } from '../../hooks/useImageUrl';
import { useSession } from '../../stores/session';

/**
 * A learner's photo on an admin screen (a post under moderation, a certificate to approve),
 * read with the session's token (an `<img src>` cannot carry it) and shown only when its bytes
 * are a photo: a PDF or anything else is left to the screen's download button.
 */
export function RemotePhoto({ path, alt }: { path: string; alt: string }) {
  const token = useSession((state) => state.token);
  const [photo, setPhoto] = useState<Blob | null>(null);
  useEffect(() => {
    let current = true;
    void request(path, { token })
      .then(async (response) => {
        const bytes = new Uint8Array(await response.arrayBuffer());
        const type = sniffType(bytes);
        if (current && type !== null && type !== 'application/pdf') setPhoto(new Blob([bytes], { type }));
      })
      .catch(() => undefined); // not readable now: the screen's text stands alone
    return () => {
      current = false;
    };
  }, [path, token]);
  const url = useImageUrl(photo);
  return url === undefined ? null : <img class="attachment" src={url} alt={alt} loading="lazy" decoding="async" />;
}
