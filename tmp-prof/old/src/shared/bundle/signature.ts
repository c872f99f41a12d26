import { canonicalJson } from '../canonical-json';
import type { Manifest } from '../schema/bundle';

/**
 * Ed25519 signatures over a manifest, through WebCrypto only, so the server signs and a phone
 * verifies with the same code. The signed bytes are the UTF-8 of `canonicalJson(manifest)`:
 * key order and whitespace of the JSON on the wire do not matter, the values do. Because the
 * manifest lists every file's sha256, a valid signature vouches for every byte of the course.
 *
 * In a shared bundle zip the signature sits in `SIGNATURE_PATH` as base64 text (64 bytes
 * signed, 88 characters), next to `manifest.json`.
 */
const ED25519 = { name: 'Ed25519' } as const;
export const ED25519_SIGNATURE_BYTES = 64;
export const ED25519_PUBLIC_KEY_BYTES = 32;

export function manifestSigningBytes(manifest: Manifest): Uint8Array<ArrayBuffer> {
  return canonicalBytes(manifest);
}

function canonicalBytes(value: unknown): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(canonicalJson(value));
}

export function signManifest(privateKey: CryptoKey, manifest: Manifest): Promise<string> {
  return signCanonical(privateKey, manifest);
}

/** False for a wrong signature, a signature of other bytes, another key, or anything malformed: never throws. */
export function verifyManifestSignature(
  manifest: Manifest,
  signatureB64: string,
  publicKeyB64: string,
): Promise<boolean> {
  return verifyCanonical(manifest, signatureB64, publicKeyB64);
}

/** base64 Ed25519 signature over `canonicalJson(value)`: manifests, and certificates (`shared/certificate.ts`). */
export async function signCanonical(privateKey: CryptoKey, value: unknown): Promise<string> {
  const signature = await globalThis.crypto.subtle.sign(ED25519, privateKey, canonicalBytes(value));
  return bytesToBase64(new Uint8Array(signature));
}

/** Whether `signatureB64` signs `canonicalJson(value)` under the key; never throws. */
export async function verifyCanonical(value: unknown, signatureB64: string, publicKeyB64: string): Promise<boolean> {
  try {
    const signature = base64ToBytes(signatureB64.trim());
    const publicKey = base64ToBytes(publicKeyB64.trim());
    if (signature.length !== ED25519_SIGNATURE_BYTES || publicKey.length !== ED25519_PUBLIC_KEY_BYTES) return false;
    const key = await globalThis.crypto.subtle.importKey('raw', publicKey, ED25519, false, ['verify']);
    return await globalThis.crypto.subtle.verify(ED25519, key, signature, canonicalBytes(value));
  } catch {
    return false;
  }
}

/** Standard base64 with padding (RFC 4648 §4), without Node's Buffer. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let at = 0; at < bytes.length; at += CHUNK) binary += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(binary);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict: anything but padded standard base64 throws, so a mangled key is never half-read. */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  if (!BASE64.test(text)) throw new Error('not base64');
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  return bytes;
}
