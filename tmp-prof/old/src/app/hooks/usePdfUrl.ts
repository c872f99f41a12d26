import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * An object URL for a certificate PDF the server made, revoked when the component goes away.
 * The blob is re-typed as `application/pdf`, so whatever type it was stored with, a browser
 * opens it in its PDF viewer and never as a document of the app's origin (see useImageUrl for
 * why course files get no such URL).
 *
 * `key` names the PDF (the certificate's code and size): every live query re-read (each sync
 * writes to the tables it watches) hands over a new Blob object for the same bytes, and a URL
 * per object meant a copy of the PDF and a new link after every re-read.
 */
export function usePdfUrl(pdf: Blob | null | undefined, key: string): string | undefined {
  const [url, setUrl] = useState<string>();
  const latest = useRef(pdf);
  latest.current = pdf;
  const present = Boolean(pdf);
  useEffect(() => {
    setUrl(undefined);
    const blob = latest.current;
    if (!present || !blob) return undefined;
    const created = URL.createObjectURL(new Blob([blob], { type: 'application/pdf' }));
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [key, present]);
  return url;
}
