import { unzipSync } from 'fflate';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { certificateQr } from '../../../src/server/services/certificate-pdf';
import { certificateQrText, verificationUrl } from '../../../src/shared/certificate';
import { recordApi, type LearnerRecordResponse } from '../../../src/shared/protocol/record';
import { FIXTURE_ANSWERS } from '../../fixtures/bundles';
import { backends } from '../backends';
import { bearer } from '../harness';
import { getJson, pushOk, serverWithCourse } from '../sync-kit';

/**
 * Names, jabatan, unit and OPD as long as the roster allows, outside ASCII: the signed payload
 * no longer fits a QR code, and the certificate PDF (and so the SIASN ZIP of everyone with it)
 * failed with 500. The QR then carries the verification URL alone.
 */
describe.each(backends)('certificates of long non-ASCII names on $name', (backend) => {
  const sync = serverWithCourse(backend, 'nama-panjang');
  const origin = 'https://lentera.contoh.go.id';

  it('the PDF and the SIASN ZIP are made, with a QR of the verification URL alone', async () => {
    const { server, learner, token, adminToken, records } = sync;
    await server.db.query('UPDATE users SET name = $2, jabatan = $3, unit = $3, opd = $4 WHERE id = $1', [
      learner.id,
      '名'.repeat(100),
      'é'.repeat(200),
      `Dinas ${'名'.repeat(100)}`,
    ]);
    const at = new Date();
    await pushOk(server.app, token, {
      statements: [
        records.experienced('pengantar', new Date(at.getTime() - 3_600_000)),
        records.experienced('nilai-dasar', new Date(at.getTime() - 3_600_000)),
        ...records.attempt('post-test', FIXTURE_ANSWERS.right, { at }),
      ],
    });
    const { certificates } = await getJson<LearnerRecordResponse>(server.app, token, '/api/me/record');
    const [certificate] = certificates;
    if (certificate === undefined) throw new Error('no certificate was issued');
    expect(certificate.payload.nama).toBe('名'.repeat(100));

    const pdf = await server.app.request(recordApi.certificatePdf(certificate.payload.kode), {
      headers: bearer(token),
    });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    const zip = await server.app.request(`/api/admin/exports/siasn?year=${at.getUTCFullYear()}&format=zip`, {
      headers: bearer(adminToken),
    });
    expect(zip.status).toBe(200);
    const files = Object.keys(unzipSync(new Uint8Array(await zip.arrayBuffer())));
    expect(files.filter((name) => name.endsWith('.pdf'))).toHaveLength(1);
    expect(files.some((name) => name.includes('gagal'))).toBe(false);

    // The signed certificate would not fit; the verification URL does, and is what is printed.
    expect(() => encode(certificateQrText(origin, certificate), { ecc: 'M', border: 0 })).toThrow(RangeError);
    expect(certificateQr(origin, certificate)).toEqual(
      encode(verificationUrl(origin, certificate.payload.kode), { ecc: 'M', border: 0 }),
    );
    // A short one still carries the signed certificate, checked offline.
    const short = {
      ...certificate,
      payload: { ...certificate.payload, nama: 'Budi', jabatan: 'Staf', unitKerja: 'Umum' },
    };
    expect(certificateQr(origin, short)).toEqual(encode(certificateQrText(origin, short), { ecc: 'M', border: 0 }));
    // An origin too long even for the URL alone: the code, not a 500; no trusted origin: the code.
    const hostile = `http://${'a'.repeat(3000)}.test`;
    expect(certificateQr(hostile, short)).toEqual(encode(short.payload.kode, { ecc: 'M', border: 0 }));
    expect(certificateQr(null, short)).toEqual(encode(short.payload.kode, { ecc: 'M', border: 0 }));
  });
});
