import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signRequest } from '../../src/server/storage/sigv4';

/**
 * A tiny S3 for tests: a `node:http` server on 127.0.0.1 that keeps objects in a Map and,
 * like the real one, refuses a request whose SigV4 signature does not match what it received
 * (recomputed from the method, path, Host and signed headers as they arrived on the wire).
 */
export interface FakeS3 {
  endpoint: string;
  objects: Map<string, Uint8Array>;
  requests: { method: string; path: string; authorization: string }[];
  /** Answer the next requests with this status instead (e.g. 500), to test error handling. */
  failWith: number | null;
  close(): Promise<void>;
}

export const FAKE_CREDENTIALS = { accessKeyId: 'AKIDLENTERATEST', secretAccessKey: 'rahasia/sekali+Panjang' };
export const FAKE_REGION = 'ap-southeast-3';
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

export async function startFakeS3(): Promise<FakeS3> {
  const fake: Omit<FakeS3, 'endpoint' | 'close'> = { objects: new Map(), requests: [], failWith: null };
  const server: Server = createServer(async (request, response) => {
    const body = await readBody(request);
    const authorization = request.headers.authorization ?? '';
    fake.requests.push({ method: request.method ?? '', path: request.url ?? '', authorization });
    const refusal = checkSignature(request, authorization, body);
    if (refusal !== null) {
      response.writeHead(403, { 'content-type': 'application/xml' }).end(`<Error><Code>${refusal}</Code></Error>`);
      return;
    }
    if (fake.failWith !== null) {
      response.writeHead(fake.failWith).end('<Error><Code>InternalError</Code></Error>');
      return;
    }
    const key = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const stored = fake.objects.get(key);
    switch (request.method) {
      case 'PUT':
        fake.objects.set(key, body);
        response.writeHead(200, { etag: '"x"' }).end();
        return;
      case 'HEAD':
        response.writeHead(stored ? 200 : 404, stored ? { 'content-length': String(stored.length) } : {}).end();
        return;
      case 'GET':
        if (!stored)
          response.writeHead(404, { 'content-type': 'application/xml' }).end('<Error><Code>NoSuchKey</Code></Error>');
        else
          response
            .writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(stored.length) })
            .end(stored);
        return;
      default:
        response.writeHead(405).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    endpoint: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  });
}

/** The S3 error code for a bad signature, or null when the request is properly signed. */
function checkSignature(request: IncomingMessage, authorization: string, body: Uint8Array): string | null {
  const match = AUTHORIZATION.exec(authorization);
  if (match === null) return 'AuthorizationHeaderMalformed';
  const [, accessKeyId, day, region, signedHeaders, signature] = match;
  if (accessKeyId !== FAKE_CREDENTIALS.accessKeyId) return 'InvalidAccessKeyId';
  const amzDate = String(request.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day!) || region !== FAKE_REGION) return 'AuthorizationHeaderMalformed';
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
  if (payloadHash !== createHash('sha256').update(body).digest('hex')) return 'XAmzContentSHA256Mismatch';
  const names = signedHeaders!.split(';');
  if (!['host', 'x-amz-content-sha256', 'x-amz-date'].every((name) => names.includes(name)))
    return 'AuthorizationHeaderMalformed';
  const headers = Object.fromEntries(
    names
      .filter((name) => !['host', 'x-amz-date', 'x-amz-content-sha256'].includes(name))
      .map((name) => [name, String(request.headers[name] ?? '')]),
  );
  const now = new Date(
    `${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`,
  );
  const expected = signRequest(
    {
      method: request.method ?? '',
      url: new URL(request.url ?? '/', `http://${request.headers.host}`),
      headers,
      payloadHash,
      region: FAKE_REGION,
      service: 's3',
      now,
    },
    FAKE_CREDENTIALS,
  );
  return expected.signature === signature ? null : 'SignatureDoesNotMatch';
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
