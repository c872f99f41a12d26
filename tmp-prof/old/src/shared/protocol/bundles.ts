import type { Manifest } from '../schema/bundle';
import type { LangText } from '../schema/lang';

/**
 * Publishing contract (admin ↔ server) and bundle signing (server → phone). Types only: the
 * admin screens and the phone import it.
 */

/** Why a bundle was refused; every problem of an upload is reported, each with its code. */
export const BUNDLE_PROBLEM_CODES = [
  'not_a_zip',
  'truncated',
  'zip_bomb',
  'too_large',
  'unsafe_path',
  'duplicate_path',
  'unlisted_file',
  'missing_file',
  'size_mismatch',
  'hash_mismatch',
  'file_too_large',
  'invalid_manifest',
  'invalid_document',
  'unsafe_content',
  'older_version',
  'version_exists',
] as const;
export type BundleProblemCode = (typeof BUNDLE_PROBLEM_CODES)[number];

/** Why an SVG is `unsafe_content` (checked by `bundle/svg-safety.ts`). */
export const SVG_PROBLEM_CODES = [
  /** Not UTF-8: a UTF-16/32 byte-order mark, NUL bytes, invalid UTF-8 or another declared encoding. */
  'svg_encoding',
  /** Not well-formed XML (an unknown entity, an unbound prefix, an unclosed tag…). */
  'svg_malformed',
  /** A DOCTYPE (and with it every entity declaration). */
  'svg_doctype',
  /** A processing instruction such as `<?xml-stylesheet?>`. */
  'svg_processing_instruction',
  /** The root is not `<svg>` in the SVG namespace. */
  'svg_not_svg',
  /** An element outside the allow-list: `script`, `foreignObject`, `a`, `iframe`, any XHTML element… */
  'svg_element',
  /** An attribute outside the allow-list. */
  'svg_attribute',
  /** An event handler attribute (`on…`). */
  'svg_event_handler',
  /** A link that leaves the file: any `href` but `#id` (or a raster `data:` image), `javascript:`. */
  'svg_link',
  /** CSS that fetches or runs: `url()` not to `#id`, `@import`, `expression()`, escapes. */
  'svg_css',
  /** An animation that targets a link or an event handler (`<set attributeName="href" to="javascript:…">`). */
  'svg_animation',
] as const;
export type SvgProblemCode = (typeof SVG_PROBLEM_CODES)[number];

export interface BundleProblem {
  code: BundleProblemCode;
  /** The file inside the bundle the problem is about, when there is one. */
  path?: string;
  /** A finer code where one helps: why an SVG is `unsafe_content` (`svg_event_handler`, `svg_encoding`…). */
  reason?: SvgProblemCode;
  /** English detail for logs and authors; the admin UI explains `code` in Bahasa Indonesia. */
  message: string;
}

/** Body of a 422 `invalid_bundle` answer to an upload. */
export interface InvalidBundleDetails {
  problems: BundleProblem[];
}

export interface CourseVersionSummary {
  version: string;
  size: number;
  fileCount: number;
  uploadedAt: string;
  uploadedBy: string | null;
  /** Ever offered in the catalog: phones may hold it, so it can never be deleted. */
  everPublished: boolean;
}

export interface AdminCourse {
  id: string;
  title: LangText;
  publishedVersion: string | null;
  /** Newest first. */
  versions: CourseVersionSummary[];
}

export interface AdminCoursesResponse {
  courses: AdminCourse[];
}

export interface UploadBundleResponse {
  course: AdminCourse;
  version: string;
}

/** A manifest with the server's Ed25519 signature over `canonicalJson(manifest)`. */
export interface SignedManifest {
  manifest: Manifest;
  /** base64 of the 64-byte Ed25519 signature. */
  signature: string;
}

/** The server's public signing key (base64 of the 32-byte raw Ed25519 key), sent at login and kept by the phone. */
export interface SigningKeyResponse {
  publicKey: string;
}

/** Inside a shared bundle file, next to manifest.json: the signature the phone checks before importing. */
export const SIGNATURE_PATH = 'signature.ed25519';

export const bundleApi = {
  signingKey: '/api/signing-key',
  upload: '/api/admin/bundles',
  adminCourses: '/api/admin/courses',
  /** GET: the version's signed manifest; DELETE: removes a version that was never published. */
  versionManifest: (courseId: string, version: string) =>
    `/api/admin/courses/${encodeURIComponent(courseId)}/versions/${encodeURIComponent(version)}`,
  publish: (courseId: string) => `/api/admin/courses/${encodeURIComponent(courseId)}/publish`,
  unpublish: (courseId: string) => `/api/admin/courses/${encodeURIComponent(courseId)}/unpublish`,
  /** The published version as a signed zip, to save and share. */
  courseBundle: (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}/bundle`,
} as const;
