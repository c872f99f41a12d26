import { base64ToBytes, bytesToBase64, signManifest } from '../../shared/bundle/signature';
import { signCertificate, type CertificatePayload } from '../../shared/certificate';
import type { Manifest } from '../../shared/schema/bundle';
import type { Queryable } from '../db/db';

/**
 * The server's Ed25519 key. Phones learn the public half at login and trust a manifest (and
 * so every file it lists by hash) only with a valid signature, also when the course arrives
 * as a shared zip over Bluetooth or a USB stick instead of from us.
 *
 * The key is generated on first start and kept in `server_settings` (PKCS8, base64), so it
 * survives restarts and every server sharing the database signs alike. Several servers with
 * separate databases share one key through `LENTERA_SIGNING_KEY`, which then wins.
 */
export interface ManifestSigner {
  /** base64 of the raw 32-byte public key. */
  publicKey(): Promise<string>;
  /** base64 of the 64-byte signature over `canonicalJson(manifest)`. */
  sign(manifest: Manifest): Promise<string>;
  /**
   * base64 of the signature over `canonicalJson(payload)`: the same key
   * vouches for certificates (`shared/certificate.ts`).
   */
  signCertificate(payload: CertificatePayload): Promise<string>;
}

export interface SigningKey {
  privateKey: CryptoKey;
  publicKey: string;
}

const SIGNING_KEY = 'signing_key_ed25519_pkcs8';
const ED25519 = { name: 'Ed25519' } as const;

export function createManifestSigner(options: { db: Queryable; privateKeyPkcs8?: string | undefined }): ManifestSigner {
  let loading: Promise<SigningKey> | undefined;
  const key = (): Promise<SigningKey> => {
    loading ??= (async () => importSigningKey(options.privateKeyPkcs8 ?? (await loadOrCreateSigningKey(options.db))))();
    // Only a successful load is kept: a database hiccup at the first request must not stick.
    loading.catch(() => (loading = undefined));
    return loading;
  };
  return {
    publicKey: async () => (await key()).publicKey,
    sign: async (manifest) => signManifest((await key()).privateKey, manifest),
    signCertificate: async (payload) => signCertificate((await key()).privateKey, payload),
  };
}

/** Insert-if-absent then read, like the token secret: two servers starting together agree on one key. */
export async function loadOrCreateSigningKey(db: Queryable): Promise<string> {
  const [existing] = await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [
    SIGNING_KEY,
  ]);
  if (existing !== undefined) return existing.value;
  await db.query('INSERT INTO server_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    SIGNING_KEY,
    await generateSigningKey(),
  ]);
  const [row] = await db.query<{ value: string }>('SELECT value FROM server_settings WHERE key = $1', [SIGNING_KEY]);
  if (row === undefined) throw new Error('The signing key vanished right after it was stored');
  return row.value;
}

/** A new key pair's private half as PKCS8 base64, the form `LENTERA_SIGNING_KEY` takes. */
export async function generateSigningKey(): Promise<string> {
  const pair = (await globalThis.crypto.subtle.generateKey(ED25519, true, ['sign', 'verify'])) as CryptoKeyPair;
  return bytesToBase64(new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', pair.privateKey)));
}

/** Reads a PKCS8 base64 Ed25519 private key; the public half comes from its JWK form (`x`). */
export async function importSigningKey(pkcs8Base64: string): Promise<SigningKey> {
  let privateKey: CryptoKey;
  try {
    privateKey = await globalThis.crypto.subtle.importKey('pkcs8', base64ToBytes(pkcs8Base64.trim()), ED25519, true, [
      'sign',
    ]);
  } catch (error) {
    throw new Error(
      'The signing key is not an Ed25519 private key in PKCS8 base64 ' +
        `(${error instanceof Error ? error.message : String(error)})`,
      { cause: error },
    );
  }
  const { x } = await globalThis.crypto.subtle.exportKey('jwk', privateKey);
  if (x === undefined) throw new Error('The signing key has no public half');
  return { privateKey, publicKey: base64UrlToBase64(x) };
}

function base64UrlToBase64(text: string): string {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return standard + '='.repeat((4 - (standard.length % 4)) % 4);
}
