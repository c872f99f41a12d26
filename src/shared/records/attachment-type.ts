/**
 * The file types a learner record may carry and how they are recognised, apart from the
 * attachment schemas (`./attachment`): the phone's database reads them when it opens, and
 * zod need not load with it.
 */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const ATTACHMENT_TYPES = [...IMAGE_TYPES, 'application/pdf'] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

/**
 * What the bytes are, by their first bytes — never by a name or a Content-Type someone sent:
 * a renamed executable or an HTML page is none of these and is refused.
 */
export function sniffType(bytes: Uint8Array): AttachmentType | null {
  const starts = (...prefix: number[]) => prefix.every((byte, index) => bytes[index] === byte);
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (
    starts(0x52, 0x49, 0x46, 0x46) &&
    bytes[8] === 0x57 &&
    bytes[9] === 0x45 &&
    bytes[10] === 0x42 &&
    bytes[11] === 0x50
  )
    return 'image/webp';
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  return null;
}

/** How far from a PDF's end its `%%EOF` marker may lie: PDF readers search the last KiB for it. */
export const PDF_EOF_SEARCH_BYTES = 1024;
const PDF_EOF = [0x25, 0x25, 0x45, 0x4f, 0x46]; // "%%EOF"

/**
 * Whether a PDF reaches its end: a download cut short, or a file half copied off a phone, starts
 * like a PDF but lacks the `%%EOF` that readers look for in its last KiB, and would be stored as
 * a certificate nobody can open. Checked on the phone before a file is queued and again on the
 * server (a phone of an older build, or a client that is not the app).
 */
export function isWholePdf(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - PDF_EOF_SEARCH_BYTES);
  for (let at = bytes.length - PDF_EOF.length; at >= from; at--) {
    if (PDF_EOF.every((byte, index) => bytes[at + index] === byte)) return true;
  }
  return false;
}
