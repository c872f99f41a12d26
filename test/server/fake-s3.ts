import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny S3 for tests: a `node:http` server on 127.0.0.1 that keeps objects in a Map and,
 * like the real one, refuses a request whose SigV4 signature does not match what it received
 * (recomputed from the method, path, query, Host and signed headers as they arrived on the
 * wire). The check is written here, from the AWS documentation, and shares no code with the
 * signer under test (aws4fetch); `storage.test.ts` checks it against AWS's own worked example.
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
        else {
          // The one range form the store asks for: `bytes=<first>-`.
          const first = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
          const part = stored.subarray(first);
          response
            .writeHead(first > 0 ? 206 : 200, {
              'content-type': 'application/octet-stream',
              'content-length': String(part.length),
            })
            .end(part);
        }
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
  const headers = new Map(names.map((name) => [name, headerValue(request, name)]));
  const url = new URL(request.url ?? '/', 'http://x');
  const expected = sigV4Signature({
    method: request.method ?? '',
    path: url.pathname,
    query: url.searchParams,
    headers,
    payloadHash,
    amzDate,
    region: FAKE_REGION,
    secretAccessKey: FAKE_CREDENTIALS.secretAccessKey,
  });
  return expected === signature ? null : 'SignatureDoesNotMatch';
}

function headerValue(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
}

export interface SigV4Input {
  method: string;
  /** The path as sent: S3 signs it as it is on the wire (no second encoding). */
  path: string;
  query: URLSearchParams;
  /** Every signed header, lower-case name to value as received. */
  headers: Map<string, string>;
  payloadHash: string;
  /** `YYYYMMDDTHHMMSSZ` */
  amzDate: string;
  region: string;
  secretAccessKey: string;
}

/** SigV4 as the AWS docs define it (sig-v4-header-based-auth): canonical request, string to sign, key chain. */
export function sigV4Signature(input: SigV4Input): string {
  const encode = (text: string) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...input.query]
    .map(([key, value]) => `${encode(key)}=${encode(value)}`)
    .sort()
    .join('&');
  const names = [...input.headers.keys()].sort();
  const canonical = [
    input.method,
    input.path,
    query,
    ...names.map((name) => `${name}:${input.headers.get(name)!.trim().replace(/\s+/g, ' ')}`),
    '',
    names.join(';'),
    input.payloadHash,
  ].join('\n');
  const day = input.amzDate.slice(0, 8);
  const scope = `${day}/${input.region}/s3/aws4_request`;
  const hex = (data: string) => createHash('sha256').update(data).digest('hex');
  const stringToSign = ['AWS4-HMAC-SHA256', input.amzDate, scope, hex(canonical)].join('\n');
  const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
  let key = hmac(`AWS4${input.secretAccessKey}`, day);
  for (const part of [input.region, 's3', 'aws4_request']) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

async function readBody(request: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return new Uint8Array(Buffer.concat(chunks));
}
