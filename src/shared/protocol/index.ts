import type { Manifest } from '../schema/bundle';
import type { CompetencyType } from '../schema/bundle';
import type { LangText } from '../schema/lang';

/**
 * The wire contract between the phone and the server. Client and server import these
 * types, so a change here is a change to both; bump PROTOCOL_VERSION when an old client
 * could misread a new server.
 *
 * This module is types and constants only (no zod), because the phone's first load imports
 * it; the runtime validators of request bodies live in `./schemas`.
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-lentera-protocol';

export const ERROR_CODES = [
  'bad_request',
  'invalid_nip',
  'invalid_credentials',
  'unauthorized',
  'session_expired',
  'forbidden',
  'not_found',
  'course_not_found',
  'file_not_found',
  'payload_too_large',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Every non-2xx answer from `/api` has this body: `code` for programs, `message` for people reading logs. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

export const ROLES = ['learner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  /** Opaque account id (UUID); used as the xAPI actor so the NIP never leaves the server in results. */
  id: string;
  nip: string;
  name: string;
  role: Role;
  unit: string;
}

export interface LoginRequest {
  nip: string;
  password: string;
}

export interface LoginResponse {
  token: string;
  /** ISO time after which the token is refused; the phone keeps working offline until then. */
  expiresAt: string;
  user: User;
}

export interface CatalogEntry {
  id: string;
  version: string;
  title: LangText;
  description: LangText;
  jp: number;
  competency: CompetencyType;
  lessonCount: number;
  /** Bytes a phone downloads to hold this course offline. */
  size: number;
  publishedAt: string;
}

export interface CatalogResponse {
  courses: CatalogEntry[];
}

export interface CourseManifestResponse {
  manifest: Manifest;
}

/** Routes, in one place so the client never spells a URL by hand. */
export const api = {
  login: '/api/auth/login',
  me: '/api/me',
  courses: '/api/courses',
  course: (courseId: string) => `/api/courses/${encodeURIComponent(courseId)}`,
  file: (sha256: string) => `/api/files/${sha256}`,
} as const;
