import { useEffect, useState } from 'preact/hooks';

/** Images a browser only ever paints: opened alone, a blob URL of one of these shows the picture. */
const RASTER_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/avif']);

/**
 * A URL for a course image that can never run script in the app's origin.
 *
 * A `blob:` URL belongs to the app's origin: an SVG blob opened alone ("open image in new
 * tab") is a same-origin document whose script could read the learner's session. So an SVG
 * gets a `data:` URL instead — painted the same by `<img>`, but a top-level `data:` page is
 * blocked by Chromium and would have an opaque origin anyway. Rasters keep a cheap `blob:`
 * URL, re-typed from an allow-list so a mistyped file is never rendered as a document.
 * Anything else is not shown as an image (undefined: the caller shows the alt text).
 */
export function useImageUrl(blob: Blob | null | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    setUrl(undefined);
    if (!blob) return undefined;
    // A type from a response may carry parameters (`image/svg+xml; charset=utf-8`).
    const type = blob.type.split(';')[0]!.trim().toLowerCase();
    if (RASTER_TYPES.has(type)) {
      const created = URL.createObjectURL(new Blob([blob], { type }));
      setUrl(created);
      return () => URL.revokeObjectURL(created);
    }
    if (type !== 'image/svg+xml') return undefined;
    let current = true;
    void svgDataUrl(blob).then(
      (dataUrl) => current && setUrl(dataUrl),
      () => undefined, // unreadable: the alt text stays, as for a missing file
    );
    return () => {
      current = false;
    };
  }, [blob]);
  return url;
}

async function svgDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}
