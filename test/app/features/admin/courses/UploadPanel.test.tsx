// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { UploadPanel } from '../../../../../src/app/features/admin/courses/UploadPanel';
import { bundleApi, type BundleProblem } from '../../../../../src/shared/protocol/bundles';
import { FakeXhr, adminCourse, signInAs, stubFetch, stubXhr, initAdminI18n } from '../fakes';

beforeAll(() => initAdminI18n());
beforeEach(() => {
  signInAs('admin');
  stubXhr();
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

async function chooseAndUpload(): Promise<FakeXhr> {
  const zip = new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'etika-1.2.0.zip', { type: 'application/zip' });
  const input = screen.getByLabelText('Berkas paket (.zip)');
  // A browser sets `files` and fires `change`; testing-library's `fireEvent.change` turns into
  // an `input` event once preact/compat is loaded (zustand loads it), so dispatch it by hand.
  Object.defineProperty(input, 'files', { value: [zip] });
  input.dispatchEvent(new Event('change', { bubbles: true }));
  const submit = screen.getByRole<HTMLButtonElement>('button', { name: 'Unggah' });
  await vi.waitFor(() => expect(submit.disabled).toBe(false));
  fireEvent.click(submit);
  expect(FakeXhr.last).not.toBeNull();
  return FakeXhr.last!;
}

describe('UploadPanel', () => {
  it('sends the raw zip with the admin token to the upload route', async () => {
    render(<UploadPanel onChanged={vi.fn()} />);
    const xhr = await chooseAndUpload();
    expect([xhr.method, xhr.url]).toEqual(['POST', bundleApi.upload]);
    expect(xhr.headers['content-type']).toBe('application/zip');
    expect(xhr.headers.authorization).toBe('Bearer token-admin');
    expect(xhr.body).toBeInstanceOf(File);
  });

  it('moves the progress bar with the upload progress events', async () => {
    render(<UploadPanel onChanged={vi.fn()} />);
    const xhr = await chooseAndUpload();
    xhr.progress(0, 1000);
    const bar = await screen.findByRole('progressbar');
    expect(bar.getAttribute('aria-valuenow')).toBe('0');
    xhr.progress(420, 1000);
    await vi.waitFor(() => expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('42'));
    expect(screen.getByText('Mengunggah… 42%')).toBeTruthy();
    xhr.progress(1000, 1000);
    // All bytes sent: the server still unpacks and checks the bundle, and the bar says so.
    await vi.waitFor(() => expect(screen.getByText(/Server sedang memeriksa isi paket/)).toBeTruthy());
  });

  it('says the new version is not published yet, and publishes exactly that version on request', async () => {
    const onChanged = vi.fn();
    const calls = stubFetch({
      [`POST ${bundleApi.publish('etika-berakhlak')}`]: () =>
        Response.json({ course: adminCourse({ publishedVersion: '1.2.0' }) }),
    });
    render(<UploadPanel onChanged={onChanged} />);
    (await chooseAndUpload()).respond(201, { course: adminCourse(), version: '1.2.0' });
    expect((await screen.findByRole('status')).textContent).toContain(
      'Versi 1.2.0 berhasil diunggah — belum diterbitkan.',
    );
    expect(onChanged).toHaveBeenCalledWith(null);

    fireEvent.click(screen.getByRole('button', { name: 'Terbitkan versi 1.2.0' }));
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ method: 'POST', url: bundleApi.publish('etika-berakhlak'), body: { version: '1.2.0' } });
    await vi.waitFor(() =>
      expect(onChanged).toHaveBeenLastCalledWith({ text: 'Versi 1.2.0 sekarang diterbitkan.', error: false }),
    );
  });

  it('explains every refused-bundle problem in Indonesian, with its file and the English detail', async () => {
    const problems: BundleProblem[] = [
      {
        code: 'hash_mismatch',
        path: 'lessons/01-pengantar.json',
        message: 'sha256 of lessons/01-pengantar.json does not match the manifest',
      },
      { code: 'zip_bomb', message: 'archive expands beyond 200 MB' },
      { code: 'older_version', message: 'version 1.0.0 is not newer than 1.1.0' },
    ];
    render(<UploadPanel onChanged={vi.fn()} />);
    (await chooseAndUpload()).respond(422, {
      error: { code: 'invalid_bundle', message: 'invalid bundle', details: { problems } },
    });

    const alert = await screen.findByRole('alert');
    const items = alert.querySelectorAll('li');
    expect(items).toHaveLength(3);
    expect(items[0]!.textContent).toContain(
      'Isi berkas tidak sesuai dengan sidik jari (sha256) di manifest — berkas rusak atau diubah setelah dibuat',
    );
    expect(items[0]!.querySelector('code')?.textContent).toBe('lessons/01-pengantar.json');
    expect(items[0]!.querySelector('small')?.textContent).toBe(problems[0]!.message);
    expect(items[1]!.textContent).toContain('zip bomb');
    expect(items[2]!.textContent).toContain('Naikkan nomor versi di course.json');
    expect(alert.textContent).toContain('Paket ditolak karena 3 masalah');
    expect(alert.textContent).toContain('Tidak ada yang diubah di server');
  });

  it('explains a refusal that is not about the bundle itself through the shared error messages', async () => {
    render(<UploadPanel onChanged={vi.fn()} />);
    (await chooseAndUpload()).respond(413, { error: { code: 'payload_too_large', message: 'too large' } });
    expect((await screen.findByRole('alert')).textContent).toContain('Data terlalu besar untuk dikirim.');
  });
});
