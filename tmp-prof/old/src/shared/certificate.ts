import { z } from 'zod';
import { base64ToBytes, bytesToBase64, signCanonical, verifyCanonical } from './bundle/signature';

/**
 * An e-certificate as the server signs it, and the one way to read it back: the same code on
 * the server (issue, PDF, public page) and on a phone (offline "Verifikasi sertifikat").
 *
 * The signature is Ed25519 by the server's key (the one that signs manifests, whose public half
 * every phone receives at login) over `canonicalJson(payload)`: every field is signed, so a
 * change to any of them fails. The QR code on the PDF holds the public verification URL with
 * the payload and signature in its fragment (`#<payload>.<signature>`, base64url), which a
 * browser never sends to the server: a camera app opens the public page, while a Lentera
 * phone verifies the fragment offline against the key it holds.
 */

/** Crockford base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CERTIFICATE_CODE_LENGTH = 10;
const CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** A new random verification code (50 bits), as stored: 10 characters, no dash. */
export function newCertificateCode(): string {
  const bytes = new Uint8Array(CERTIFICATE_CODE_LENGTH);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => CODE_ALPHABET[byte % 32]).join('');
}

/** `ABCDE-FGHJK`, as printed. */
export function formatCertificateCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** The stored code from what a person typed ("abcde fghjk", "ABCDE-FGHJK", an O for a 0); null if it cannot be one. */
export function normalizeCertificateCode(text: string): string | null {
  if (text.length > 40) return null;
  const code = text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CODE_PATTERN.test(code) ? code : null;
}

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Text = (max: number) => z.string().max(max);

/** What a certificate says; every field is signed. Indonesian names: these are the words printed on it. */
export const CertificatePayload = z.strictObject({
  v: z.literal(1),
  kode: z.string().regex(CODE_PATTERN),
  nomor: Text(120),
  nama: Text(200),
  nip: z.string().regex(/^\d{18}$/),
  golongan: Text(10).nullable(),
  jabatan: Text(200),
  unitKerja: Text(200),
  opd: Text(200),
  instansi: Text(200),
  pelatihan: Text(300),
  kursusId: Text(100),
  jp: z.number().int().min(0).max(1000),
  mulai: IsoDate,
  selesai: IsoDate,
  /** Best passed post-test, whole percent; null when the course has none. */
  nilai: z.number().int().min(0).max(100).nullable(),
  tempat: Text(100),
  tanggal: IsoDate,
  penandatangan: z.strictObject({ nama: Text(200), nip: Text(30), jabatan: Text(200) }),
});
export type CertificatePayload = z.infer<typeof CertificatePayload>;

export interface SignedCertificate {
  payload: CertificatePayload;
  /** base64 Ed25519 signature over `canonicalJson(payload)`. */
  signature: string;
}

export function signCertificate(privateKey: CryptoKey, payload: CertificatePayload): Promise<string> {
  return signCanonical(privateKey, payload);
}

export function verifyCertificateSignature(signed: SignedCertificate, publicKey: string): Promise<boolean> {
  return verifyCanonical(signed.payload, signed.signature, publicKey);
}

/** `<origin>/verifikasi/<kode>`, what the QR opens in any browser. */
export function verificationUrl(origin: string, code: string): string {
  return `${origin.replace(/\/+$/, '')}/verifikasi/${code}`;
}

/** The QR's text: the verification URL with the signed certificate in the fragment. */
export function certificateQrText(origin: string, signed: SignedCertificate): string {
  const payload = toBase64Url(new TextEncoder().encode(JSON.stringify(signed.payload)));
  const signature = toBase64Url(base64ToBytes(signed.signature));
  return `${verificationUrl(origin, signed.payload.kode)}#${payload}.${signature}`;
}

/** What a scanned or typed text names: a code alone, or a code with the signed certificate (a QR). */
export type VerificationInput = { code: string; signed: SignedCertificate | null };

/** Reads a QR's text, a verification URL or a typed code; null when it is none of these. Never throws. */
export function readVerificationInput(text: string): VerificationInput | null {
  const trimmed = text.trim();
  if (trimmed.length > 4000) return null;
  const match = /\/verifikasi\/([^/#?\s]+)(?:\?[^#]*)?(?:#([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+))?$/.exec(trimmed);
  if (match === null) {
    const code = normalizeCertificateCode(trimmed);
    return code === null ? null : { code, signed: null };
  }
  const code = normalizeCertificateCode(decodeURIComponent(match[1] ?? ''));
  if (code === null) return null;
  if (match[2] === undefined || match[3] === undefined) return { code, signed: null };
  try {
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(match[2])));
    const payload = CertificatePayload.safeParse(json);
    if (!payload.success || payload.data.kode !== code) return null;
    return { code, signed: { payload: payload.data, signature: bytesToBase64(fromBase64Url(match[3])) } };
  } catch {
    return null;
  }
}

/**
 * The NIP as a public page shows it: the last 4 digits only. The rest encodes the birth date,
 * appointment date and sex (UU 27/2022 data minimisation).
 */
export function maskNip(nip: string): string {
  return `${'•'.repeat(Math.max(0, nip.length - 4))}${nip.slice(-4)}`;
}

function toBase64Url(bytes: Uint8Array): string {
  return bytesToBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return base64ToBytes(standard + '='.repeat((4 - (standard.length % 4)) % 4));
}

/** What `GET /api/certificates/<kode>` and the public page say. */
export type CertificateStatus = 'valid' | 'revoked' | 'unknown';

export interface CertificateVerification {
  status: CertificateStatus;
  code: string;
  /** Present unless unknown. */
  certificate?: {
    nomor: string;
    nama: string;
    nipMasked: string;
    pelatihan: string;
    jp: number;
    mulai: string;
    selesai: string;
    instansi: string;
  };
  revokedAt?: string;
  revokedReason?: string;
}

export const CertificateVerificationSchema = z.object({
  status: z.enum(['valid', 'revoked', 'unknown']),
  code: z.string(),
  certificate: z
    .object({
      nomor: z.string(),
      nama: z.string(),
      nipMasked: z.string(),
      pelatihan: z.string(),
      jp: z.number(),
      mulai: z.string(),
      selesai: z.string(),
      instansi: z.string(),
    })
    .optional(),
  revokedAt: z.string().optional(),
  revokedReason: z.string().optional(),
});

/** The public summary of a certificate. */
export function publicSummary(payload: CertificatePayload): NonNullable<CertificateVerification['certificate']> {
  return {
    nomor: payload.nomor,
    nama: payload.nama,
    nipMasked: maskNip(payload.nip),
    pelatihan: payload.pelatihan,
    jp: payload.jp,
    mulai: payload.mulai,
    selesai: payload.selesai,
    instansi: payload.instansi,
  };
}
