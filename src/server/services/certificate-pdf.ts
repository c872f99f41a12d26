import PDFDocument from 'pdfkit';
import { encode } from 'uqr';
import {
  certificateQrText,
  formatCertificateCode,
  verificationUrl,
  type SignedCertificate,
} from '../../shared/certificate';

const MONTHS = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
];

/** `2026-12-31` → `31 Desember 2026`, as Indonesian certificates print dates. */
export function tanggalIndonesia(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return `${day} ${MONTHS[(month ?? 1) - 1] ?? ''} ${year}`;
}

/** "12 – 15 Mei 2026"-style span, or one date when the training began and ended the same day. */
function span(start: string, end: string): string {
  return start === end ? tanggalIndonesia(end) : `${tanggalIndonesia(start)} s.d. ${tanggalIndonesia(end)}`;
}

/**
 * The QR printed on the certificate: the verification URL carrying the signed certificate
 * (checked offline by a Lentera phone) when it fits a QR code, else the verification URL alone,
 * checked online. Long names outside ASCII (100 "名" or 200 "é" in each of four roster fields)
 * pass a QR's 2,331 bytes: the PDF must still be made, for its holder and for the SIASN ZIP.
 * Without a trusted origin (`trustedOrigin`), or with one too long even for the URL alone, the
 * QR holds the code, which the verification page reads as typed.
 */
export function certificateQr(origin: string | null, signed: SignedCertificate): ReturnType<typeof encode> {
  const options = { ecc: 'M', border: 0 } as const;
  const urls = origin === null ? [] : [certificateQrText(origin, signed), verificationUrl(origin, signed.payload.kode)];
  for (const text of urls) {
    try {
      return encode(text, options);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return encode(signed.payload.kode, options);
}

/**
 * The certificate as an A4 landscape PDF, drawn from the signed payload alone (so the PDF
 * never says anything the signature does not cover), with a QR of the verification URL
 * (`certificateQr`) and the short code printed beside it.
 *
 * The built-in Helvetica covers Latin-1 (WinAnsi); names outside it print with substitutes.
 */
export async function renderCertificatePdf(
  signed: SignedCertificate,
  origin: string | null,
): Promise<Uint8Array<ArrayBuffer>> {
  const { payload } = signed;
  const issued = new Date(`${payload.tanggal}T00:00:00Z`);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 48,
    info: {
      Title: `Sertifikat ${payload.nomor}`,
      Author: payload.instansi,
      Subject: payload.pelatihan,
      CreationDate: issued,
      ModDate: issued,
    },
  });
  const chunks: Uint8Array[] = [];
  doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  const width = doc.page.width;
  const height = doc.page.height;
  const inner = width - 96;
  doc
    .rect(24, 24, width - 48, height - 48)
    .lineWidth(3)
    .stroke('#1f4e79');
  doc
    .rect(32, 32, width - 64, height - 64)
    .lineWidth(0.8)
    .stroke('#1f4e79');

  doc.fillColor('#1f4e79').font('Helvetica-Bold').fontSize(14).text(payload.instansi.toUpperCase(), 48, 56, {
    width: inner,
    align: 'center',
  });
  doc.moveDown(0.6).fontSize(30).text('SERTIFIKAT', { width: inner, align: 'center', characterSpacing: 4 });
  doc
    .fillColor('#000000')
    .font('Helvetica')
    .fontSize(11)
    .text(`Nomor: ${payload.nomor}`, { width: inner, align: 'center' });
  doc.moveDown(1).fontSize(12).text('diberikan kepada', { width: inner, align: 'center' });
  doc.moveDown(0.4).font('Helvetica-Bold').fontSize(20).text(payload.nama, { width: inner, align: 'center' });

  const rows: [string, string][] = [
    ['NIP', payload.nip],
    ['Pangkat/Golongan', payload.golongan ?? '-'],
    ['Jabatan', payload.jabatan || '-'],
    ['Unit Kerja', payload.unitKerja || '-'],
    ['Perangkat Daerah', payload.opd || '-'],
  ];
  let y = doc.y + 10;
  const labelX = 180;
  for (const [label, value] of rows) {
    doc.font('Helvetica').fontSize(11).text(label, labelX, y, { width: 130 });
    doc.text(`: ${value}`, labelX + 130, y, { width: inner - 260 - 130 });
    y = doc.y + 3;
  }
  const nilai = payload.nilai === null ? '' : ` dengan nilai post-test ${payload.nilai}`;
  doc
    .font('Helvetica')
    .fontSize(12)
    .text(
      `telah menyelesaikan pelatihan e-learning "${payload.pelatihan}" sebanyak ${payload.jp} JP ` +
        `pada ${span(payload.mulai, payload.selesai)}${nilai}.`,
      96,
      y + 10,
      { width: width - 192, align: 'center' },
    );

  const signX = width - 330;
  const signY = height - 200;
  const place = payload.tempat === '' ? '' : `${payload.tempat}, `;
  doc.fontSize(11).text(`${place}${tanggalIndonesia(payload.tanggal)}`, signX, signY, { width: 260, align: 'center' });
  doc.text(payload.penandatangan.jabatan, { width: 260, align: 'center' });
  doc
    .moveDown(3.2)
    .font('Helvetica-Bold')
    .text(payload.penandatangan.nama || ' ', { width: 260, align: 'center' });
  if (payload.penandatangan.nip !== '')
    doc.font('Helvetica').text(`NIP ${payload.penandatangan.nip}`, { width: 260, align: 'center' });

  const qr = certificateQr(origin, signed);
  const qrSize = 120;
  const cell = qrSize / qr.size;
  const qrX = 72;
  const qrY = height - 200;
  doc.rect(qrX - 4, qrY - 4, qrSize + 8, qrSize + 8).fill('#ffffff');
  qr.data.forEach((row, rowIndex) =>
    row.forEach((dark, column) => {
      if (dark) doc.rect(qrX + column * cell, qrY + rowIndex * cell, cell, cell);
    }),
  );
  doc.fill('#000000');
  doc
    .font('Helvetica')
    .fontSize(9)
    .text(`Kode verifikasi: ${formatCertificateCode(payload.kode)}`, qrX + qrSize + 12, qrY + 20, { width: 200 })
    .text(
      origin === null
        ? 'Periksa keaslian di laman verifikasi sertifikat Lentera instansi penerbit.'
        : `Periksa keaslian: ${verificationUrl(origin, payload.kode)}`,
      { width: 200 },
    )
    .text('Ditandatangani secara elektronik (Ed25519) oleh server Lentera.', { width: 200 });

  doc.end();
  await ended;
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}
