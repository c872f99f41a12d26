import { Hono, type Context } from 'hono';
import {
  formatCertificateCode,
  normalizeCertificateCode,
  type CertificateVerification,
} from '../../shared/certificate';
import { tanggalIndonesia } from '../services/certificate-pdf';
import { findCertificate, verificationOf } from '../services/certificates';
import type { RouteDeps } from './deps';

/**
 * `/verifikasi/<kode>`: the public page a certificate's QR opens, plain HTML rendered here,
 * without JavaScript or inline styles (the stylesheet is `/verifikasi.css`), so it works in
 * any browser and under a strict Content-Security-Policy. Everything printed is escaped.
 */
export function verificationPage({ db }: Pick<RouteDeps, 'db'>) {
  return (
    new Hono()
      .get('/verifikasi.css', (c) =>
        c.body(STYLES, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }),
      )
      // The form below sends `?kode=`: a typed code goes to its page, without JavaScript.
      .get('/verifikasi', (c) => {
        const code = normalizeCertificateCode(c.req.query('kode') ?? '');
        if (code !== null) return c.redirect(`/verifikasi/${code}`, 303);
        return page(c, 200, lookupForm());
      })
      .get('/verifikasi/:code', async (c) => {
        const code = normalizeCertificateCode(c.req.param('code'));
        const verification: CertificateVerification =
          code === null
            ? { status: 'unknown', code: c.req.param('code').slice(0, 40) }
            : verificationOf(code, await findCertificate(db, code));
        return page(c, verification.status === 'unknown' ? 404 : 200, result(verification));
      })
  );
}

function page(c: Context, status: 200 | 404, body: string): Response {
  return c.html(
    `<!doctype html>
<html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>Verifikasi Sertifikat — Lentera</title>
<link rel="stylesheet" href="/verifikasi.css"></head>
<body><main><h1>Verifikasi Sertifikat</h1>${body}</main></body></html>`,
    status,
    { 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' },
  );
}

const STATUS_TEXT = {
  valid: ['SAH', 'Sertifikat ini diterbitkan oleh Lentera dan tercatat sah.'],
  revoked: ['DICABUT', 'Sertifikat ini pernah diterbitkan, tetapi telah dicabut dan tidak berlaku lagi.'],
  unknown: ['TIDAK DIKENAL', 'Tidak ada sertifikat dengan kode ini. Periksa kembali kode yang Bapak/Ibu ketik.'],
} as const;

function result(verification: CertificateVerification): string {
  const [label, explanation] = STATUS_TEXT[verification.status];
  const shownCode = normalizeCertificateCode(verification.code);
  const rows: [string, string][] = [];
  const certificate = verification.certificate;
  if (certificate !== undefined) {
    rows.push(
      ['Nomor', certificate.nomor],
      ['Nama', certificate.nama],
      ['NIP', certificate.nipMasked],
      ['Pelatihan', certificate.pelatihan],
      ['JP', String(certificate.jp)],
      ['Tanggal', `${tanggalIndonesia(certificate.mulai)} – ${tanggalIndonesia(certificate.selesai)}`],
      ['Penerbit', certificate.instansi],
    );
  }
  if (verification.revokedAt !== undefined)
    rows.push(['Dicabut', `${verification.revokedAt.slice(0, 10)}: ${verification.revokedReason ?? ''}`]);
  const list = rows.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  return `<p class="status status--${verification.status}"><strong>${escapeHtml(label)}</strong></p>
<p>${escapeHtml(explanation)}</p>
<p>Kode: <code>${escapeHtml(shownCode === null ? verification.code : formatCertificateCode(shownCode))}</code></p>
${rows.length === 0 ? '' : `<dl>${list}</dl>`}
${lookupForm()}`;
}

function lookupForm(): string {
  return `<form method="get" action="/verifikasi"><label>Kode verifikasi lain
<input name="kode" maxlength="20" autocomplete="off"></label> <button type="submit">Periksa</button></form>`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

/** Tap targets at least 48 px, as in the app: the page is mostly opened on a phone, from a QR. */
const STYLES = `body{font-family:system-ui,sans-serif;margin:0;background:#f4f6f8;color:#1b1b1b}
main{max-width:40rem;margin:2rem auto;background:#fff;padding:1.5rem;border-radius:8px}
h1{font-size:1.4rem;color:#1f4e79}.status{font-size:1.5rem;padding:.5rem 1rem;border-radius:6px}
.status--valid{background:#e3f4e6;color:#17612a}.status--revoked{background:#fde8e8;color:#9b1c1c}
.status--unknown{background:#eee;color:#333}dl{display:grid;grid-template-columns:8rem 1fr;gap:.4rem}
dt{font-weight:600}dd{margin:0}form{margin-top:1.5rem}label{display:block}
input,button{box-sizing:border-box;min-height:48px;font:inherit;font-size:1rem;padding:.5rem .75rem}
input{display:block;width:100%;margin:.3rem 0 .75rem}button{min-width:48px;padding:.5rem 1.5rem}`;
