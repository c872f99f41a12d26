import { parseJsonOrNull } from '../../../shared/protocol/api-error';
import { InvalidBundleDetailsSchema, UploadBundleResponseSchema } from '../../../shared/protocol/admin-responses';
import { bundleApi, type BundleProblem, type UploadBundleResponse } from '../../../shared/protocol/bundles';
import { RequestError } from '../../data/errors';
import { requestErrorOf } from '../../data/http';

/** The server refused the bundle (422 `invalid_bundle`) and listed every reason; nothing was stored. */
export class InvalidBundleError extends Error {
  constructor(readonly problems: BundleProblem[]) {
    super(`invalid bundle: ${problems.length} problem(s)`);
    this.name = 'InvalidBundleError';
  }
}

/**
 * Sends a bundle zip as the raw request body. XMLHttpRequest, not `fetch`, because only XHR
 * reports upload progress, and a bundle of tens of MB on an office line deserves a real bar.
 * Rejects with `InvalidBundleError` for a refused bundle and `RequestError` for the rest,
 * like `data/http.ts`, so `errorMessage` explains both kinds the same way.
 */
export function uploadBundle(
  file: Blob,
  token: string | null,
  onProgress: (fraction: number) => void,
): Promise<UploadBundleResponse> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', bundleApi.upload);
    xhr.setRequestHeader('content-type', 'application/zip');
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJsonOrNull(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        const answer = UploadBundleResponseSchema.safeParse(body);
        if (!answer.success) {
          reject(new RequestError('invalid_response', xhr.status, answer.error.message));
          return;
        }
        onProgress(1);
        resolve(answer.data);
        return;
      }
      const error = requestErrorOf(xhr.status, xhr.statusText, body);
      const problems = InvalidBundleDetailsSchema.safeParse(error.details).data?.problems;
      if (error.status === 422 && error.code === 'invalid_bundle' && problems) reject(new InvalidBundleError(problems));
      else reject(error);
    };
    xhr.onerror = () => reject(new RequestError('network', 0, 'upload failed'));
    xhr.send(file);
  });
}
