import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { assertSha256, type BlobStore, type BlobStream } from './blob-store';

/** The sha256 of no bytes: the payload hash of a HEAD or GET. */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Where the objects live. Configured by `LENTERA_S3_*` (see `config.ts`). */
export interface S3StoreOptions {
  accessKeyId: string;
  secretAccessKey: string;
  /** `https://s3.ap-southeast-3.amazonaws.com`, `http://minio:9000`, … */
  endpoint: string;
  region: string;
  bucket: string;
  /** `endpoint/bucket/key` (MinIO, Garage, most self-hosted stores) instead of `bucket.endpoint/key`. */
  pathStyle: boolean;
  /** Put before every key, e.g. `lentera/`; empty by default. */
  prefix?: string;
  /** Per-request limit, so a hung store fails an upload instead of holding it forever. */
  timeoutMs?: number;
}

/**
 * Blobs as objects `<prefix><sha256>` in an S3-compatible bucket, over `fetch` signed with
 * SigV4 by aws4fetch (a small, well-kept signer; an SDK would outweigh the whole server).
 * Objects are immutable and content-addressed, like on local disk: `put` first asks whether
 * the object exists, so re-uploading a course never re-sends its files. Every request carries
 * the real sha256 of its body, so the store itself refuses bytes damaged on the way.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: AwsClient;

  constructor(private readonly options: S3StoreOptions) {
    // No retries inside the signer: an upload reports a failing store at once, and a reader retries itself.
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId,
      secretAccessKey: options.secretAccessKey,
      region: options.region,
      service: 's3',
      retries: 0,
    });
  }

  /** For start-up logs: no credentials. */
  describe(): string {
    return `S3 bucket ${this.options.bucket} at ${this.options.endpoint}`;
  }

  async has(sha256: string): Promise<boolean> {
    const response = await this.send('HEAD', sha256);
    if (response.status === 404) return false;
    await this.expectOk(response, 'HEAD', sha256);
    return true;
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    if (await this.has(sha256)) return;
    const response = await this.send('PUT', sha256, bytes);
    await this.expectOk(response, 'PUT', sha256);
    await response.body?.cancel();
  }

  async get(sha256: string): Promise<Uint8Array | null> {
    const response = await this.send('GET', sha256);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    await this.expectOk(response, 'GET', sha256);
    return new Uint8Array(await response.arrayBuffer());
  }

  async open(sha256: string, start = 0): Promise<BlobStream | null> {
    // The size first: a range past the end is an error to S3, an empty stream to us.
    const head = await this.send('HEAD', sha256);
    if (head.status === 404) return null;
    await this.expectOk(head, 'HEAD', sha256);
    const size = Number(head.headers.get('content-length'));
    if (!Number.isSafeInteger(size)) throw new Error(`S3 HEAD ${sha256} gave no usable Content-Length`);
    if (start >= size) return { body: new Blob([]).stream(), size };
    const response = await this.send('GET', sha256, undefined, start > 0 ? { range: `bytes=${start}-` } : {});
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    await this.expectOk(response, 'GET', sha256);
    if (response.body === null) throw new Error(`S3 GET ${sha256} answered without a body`);
    return { body: response.body, size };
  }

  private send(
    method: 'HEAD' | 'GET' | 'PUT',
    sha256: string,
    body?: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const payloadHash = body === undefined ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex');
    return this.client.fetch(s3ObjectUrl(this.options, sha256).href, {
      method,
      headers: {
        ...headers,
        'x-amz-content-sha256': payloadHash,
        ...(body === undefined ? {} : { 'content-type': 'application/octet-stream' }),
      },
      ...(body === undefined ? {} : { body: body as Uint8Array<ArrayBuffer> }),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 120_000),
    });
  }

  private async expectOk(response: Response, method: string, sha256: string): Promise<void> {
    if (response.ok) return;
    // S3 explains itself in a small XML body (<Code>SignatureDoesNotMatch</Code>…); it holds no secrets.
    const detail = method === 'HEAD' ? '' : (await response.text()).slice(0, 300);
    throw new Error(`S3 ${method} ${sha256} failed with ${response.status} ${response.statusText} ${detail}`.trim());
  }
}

/** `endpoint/bucket/<prefix><sha256>` (path style) or `bucket.endpoint/<prefix><sha256>` (virtual-hosted). */
export function s3ObjectUrl(
  options: Pick<S3StoreOptions, 'endpoint' | 'bucket' | 'pathStyle' | 'prefix'>,
  sha256: string,
): URL {
  assertSha256(sha256);
  const url = new URL(options.endpoint);
  if (!options.pathStyle) url.hostname = `${options.bucket}.${url.hostname}`;
  const basePath = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
  url.pathname = `${basePath}${options.pathStyle ? `${options.bucket}/` : ''}${options.prefix ?? ''}${sha256}`;
  return url;
}
