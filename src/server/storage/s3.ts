import { assertSha256, type BlobStore } from './blob-store';
import { EMPTY_SHA256, sha256Hex, signRequest, type SigV4Credentials } from './sigv4';

/** Where the objects live. Configured by `LENTERA_S3_*` (see `config.ts`). */
export interface S3StoreOptions extends SigV4Credentials {
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
 * Blobs as objects `<prefix><sha256>` in an S3-compatible bucket, over plain `fetch` signed
 * with SigV4. Objects are immutable and content-addressed, like on local disk: `put` first
 * asks whether the object exists, so re-uploading a course never re-sends its files.
 */
export class S3BlobStore implements BlobStore {
  constructor(private readonly options: S3StoreOptions) {}

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

  private async send(method: 'HEAD' | 'GET' | 'PUT', sha256: string, body?: Uint8Array): Promise<Response> {
    const url = s3ObjectUrl(this.options, sha256);
    const extra: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/octet-stream' };
    const { headers } = signRequest(
      {
        method,
        url,
        headers: extra,
        payloadHash: body === undefined ? EMPTY_SHA256 : sha256Hex(body),
        region: this.options.region,
        service: 's3',
        now: new Date(),
      },
      this.options,
    );
    // fetch sets Host itself, from the same URL we signed.
    delete headers.host;
    return fetch(url, {
      method,
      headers,
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
