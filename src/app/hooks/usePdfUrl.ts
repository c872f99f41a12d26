import { useEffect, useState } from 'preact/hooks';

/**
 * An object URL for a certificate PDF the server made, revoked when the component goes away.
 * The blob is re-typed as `application/pdf`, so whatever type it was stored with, a browser
 * opens it in its PDF viewer and never as a document of the app's origin (see useImageUrl for
 * why course files get no such URL).
 */
export function usePdfUrl(pdf: Blob | null | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    setUrl(undefined);
    if (!pdf) return undefined;
    const created = URL.createObjectURL(new Blob([pdf], { type: 'application/pdf' }));
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [pdf]);
  return url;
}
