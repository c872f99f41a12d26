import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/server/app';
import { loadConfig } from '../../../src/server/config';
import { generateSigningKey, importSigningKey } from '../../../src/server/services/signing';
import { readBundle } from '../../../src/shared/bundle/read';
import {
  base64ToBytes,
  bytesToBase64,
  signManifest,
  verifyManifestSignature,
} from '../../../src/shared/bundle/signature';
import type { CourseManifestResponse, LoginResponse } from '../../../src/shared/protocol';
import { bundleApi, type SigningKeyResponse } from '../../../src/shared/protocol/bundles';
import { buildBundle } from '../../fixtures/bundles';
import { backends } from '../backends';
import { publishingClient } from '../bundle-harness';
import { bearer, errorCode, login, postJson, startTestServer, type TestServer } from '../harness';

describe.each(backends)('manifest signing on $name', (backend) => {
  let server: TestServer;
  let token: string;
  let learner: LoginResponse;
  const built = buildBundle({
    id: 'bertanda-tangan',
    version: '1.2.0',
    replaceFiles: { 'images/foto.png': new Uint8Array([137, 80, 78, 71, 1, 2, 3]) },
  });

  beforeAll(async () => {
    server = await startTestServer(backend);
    token = (await login(server.app, 'admin')).token;
    learner = await login(server.app, 'learner');
    const admin = publishingClient(server.app, token);
    expect((await admin.upload(built.zip)).status).toBe(201);
    await admin.publish('bertanda-tangan', '1.2.0');
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  const servedKey = async (app = server.app) =>
    ((await (await app.request(bundleApi.signingKey)).json()) as SigningKeyResponse).publicKey;
  const signedManifest = async () =>
    (await (
      await server.app.request('/api/courses/bertanda-tangan', { headers: bearer(learner.token) })
    ).json()) as CourseManifestResponse;

  it('the public key is 32 raw bytes in base64, the same at /api/signing-key and in the login answer', async () => {
    const key = await servedKey();
    expect(base64ToBytes(key)).toHaveLength(32);
    expect(learner.signingKey).toBe(key);
  });

  it('GET /api/courses/:id carries a signature that verifies with the served key', async () => {
    const { manifest, signature } = await signedManifest();
    expect(manifest).toEqual(built.manifest);
    expect(base64ToBytes(signature)).toHaveLength(64);
    expect(await verifyManifestSignature(manifest, signature, await servedKey())).toBe(true);
  });

  it('the signature is over the values, not the key order of the JSON', async () => {
    const { manifest, signature } = await signedManifest();
    const reordered = JSON.parse(
      JSON.stringify(Object.fromEntries(Object.entries(manifest).reverse())),
    ) as typeof manifest;
    expect(await verifyManifestSignature(reordered, signature, await servedKey())).toBe(true);
  });

  it.each([
    [
      'a file hash swapped',
      (m: CourseManifestResponse['manifest']) => ({
        ...m,
        files: m.files.map((file, index) => (index === 0 ? { ...file, sha256: 'f'.repeat(64) } : file)),
      }),
    ],
    ['the JP credit raised', (m: CourseManifestResponse['manifest']) => ({ ...m, jp: m.jp + 10 })],
    ['the version bumped', (m: CourseManifestResponse['manifest']) => ({ ...m, version: '9.9.9' })],
  ])('a tampered manifest (%s) fails verification', async (_, tamper) => {
    const { manifest, signature } = await signedManifest();
    expect(await verifyManifestSignature(tamper(manifest), signature, await servedKey())).toBe(false);
  });

  it('the signature fails with another key, and garbage input returns false instead of throwing', async () => {
    const { manifest, signature } = await signedManifest();
    const other = await importSigningKey(await generateSigningKey());
    expect(await verifyManifestSignature(manifest, signature, other.publicKey)).toBe(false);
    expect(
      await verifyManifestSignature(manifest, await signManifest(other.privateKey, manifest), other.publicKey),
    ).toBe(true);
    expect(await verifyManifestSignature(manifest, 'not base64!', await servedKey())).toBe(false);
    expect(await verifyManifestSignature(manifest, signature, bytesToBase64(new Uint8Array(31)))).toBe(false);
  });

  it('the signing key persists across restarts on the same database', async () => {
    const restarted = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30 },
    });
    expect(await servedKey(restarted)).toBe(await servedKey());
    const [row] = await server.db.query<{ value: string }>(
      `SELECT value FROM server_settings WHERE key LIKE 'signing_key%'`,
    );
    expect((await importSigningKey(row!.value)).publicKey).toBe(await servedKey());
  });

  // This test starts a second server (load the migrated database, seed), like a beforeAll: under
  // load on a 2-core machine that alone can pass the 20 s default, so it gets the hooks' margin.
  it('a fresh database gets a key of its own', async () => {
    const other = await startTestServer(backend);
    try {
      expect(await servedKey(other.app)).not.toBe(await servedKey());
    } finally {
      await other.close();
    }
  }, 60_000);

  it('LENTERA_SIGNING_KEY overrides the stored key (several servers, one key), leaving it alone', async () => {
    const pkcs8 = await generateSigningKey();
    const config = loadConfig({ LENTERA_SIGNING_KEY: pkcs8 });
    expect(config.signingKey).toBe(pkcs8);
    const shared = createApp({
      db: server.db,
      blobs: server.blobs,
      config: { staticDir: server.staticDir, tokenTtlDays: 30, signingKey: config.signingKey },
    });
    const expected = (await importSigningKey(pkcs8)).publicKey;
    expect(await servedKey(shared)).toBe(expected);
    const loginAnswer = (await (
      await postJson(shared, '/api/auth/login', { nip: '199207212019032001', password: 'belajar-lentera' })
    ).json()) as LoginResponse;
    expect(loginAnswer.signingKey).toBe(expected);
    const { manifest, signature } = (await (
      await shared.request('/api/courses/bertanda-tangan', { headers: bearer(learner.token) })
    ).json()) as CourseManifestResponse;
    expect(await verifyManifestSignature(manifest, signature, expected)).toBe(true);
    expect(await servedKey()).not.toBe(expected);
  });

  it('a signing key that is not PKCS8 Ed25519 is refused with a clear error', async () => {
    await expect(importSigningKey(bytesToBase64(new Uint8Array(48)))).rejects.toThrow(/not an Ed25519 private key/);
    expect(() => loadConfig({ LENTERA_SIGNING_KEY: 'not base64!' })).toThrow(/LENTERA_SIGNING_KEY/);
  });

  describe('GET /api/courses/:id/bundle', () => {
    let response: Response;
    let zip: Uint8Array;
    beforeAll(async () => {
      response = await server.app.request('/api/courses/bertanda-tangan/bundle', { headers: bearer(learner.token) });
      zip = new Uint8Array(await response.arrayBuffer());
    });

    it('answers the published version as an attachment named <id>-<version>.lentera.zip', () => {
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="bertanda-tangan-1.2.0.lentera.zip"',
      );
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('passes readBundle with the same manifest and file bytes, and its signature verifies', async () => {
      const bundle = await readBundle(zip);
      expect(bundle.manifest).toEqual(built.manifest);
      for (const [path, bytes] of built.files) expect(bundle.files.get(path)).toEqual(bytes);
      expect(bundle.signature).not.toBeNull();
      expect(await verifyManifestSignature(bundle.manifest, bundle.signature!, learner.signingKey)).toBe(true);
    });

    it('is the same bytes every time (fixed timestamps, deterministic signature)', async () => {
      const again = await server.app.request('/api/courses/bertanda-tangan/bundle', { headers: bearer(learner.token) });
      expect(new Uint8Array(await again.arrayBuffer())).toEqual(zip);
    });

    it('needs a signed-in user, and an unpublished or unknown course is 404', async () => {
      expect((await server.app.request('/api/courses/bertanda-tangan/bundle')).status).toBe(401);
      const unknown = await server.app.request('/api/courses/tidak-ada/bundle', { headers: bearer(learner.token) });
      expect([unknown.status, await errorCode(unknown)]).toEqual([404, 'course_not_found']);
    });
  });
});

describe('base64 helpers (no Buffer in shared code)', () => {
  it.each([0, 1, 2, 3, 31, 32, 64, 70_000])('round-trips %i bytes exactly as Node encodes them', (length) => {
    const bytes = Uint8Array.from({ length }, (_, index) => (index * 131 + 7) % 256);
    const encoded = bytesToBase64(bytes);
    expect(encoded).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(encoded)).toEqual(bytes);
  });

  it.each(['abc', 'ab=c', 'YQ', 'YQ==\n', 'Y Q=='])('refuses malformed base64 %j', (text) => {
    expect(() => base64ToBytes(text)).toThrow(/not base64/);
  });
});
