// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { render, screen } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { completionKey } from '../../../../src/app/data/completion';
import JpCard from '../../../../src/app/features/record/JpCard';
import { useSession } from '../../../../src/app/stores/session';
import { setLanguage } from '../../../../src/app/i18n';
import { catalogOf200, completedOnPhone, manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { user, db } = signedInLearner('jp');

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-09-30T17:00:00Z')); // 1 October, WIB
});
afterEach(async () => {
  vi.useRealTimers();
});

/** The server's ledger as the sync keeps it: one course confirmed on 20 September. */
const confirmed = (id: string, title: string, jp: number) =>
  db.meta.put({
    key: 'record:snapshot',
    value: {
      timeZone: 'Asia/Jakarta',
      status: 'PNS',
      target: 20,
      entries: [
        { kind: 'course', id, title, jp, completedAt: '2026-09-20T03:00:00.000Z', year: 2026, certificateCode: null },
      ],
      external: [],
      fetchedAt: '2026-09-30T17:00:00.000Z',
    },
  });

describe('the JP card', () => {
  it('before sync counts the completion on the phone, marked; after sync the server confirms it', async () => {
    const manifest = manifestFixture({ jp: 8 });
    await db.courses.put({
      id: manifest.id,
      version: manifest.version,
      manifest,
      size: 1,
      downloadedAt: '2026-09-01T00:00:00Z',
      signature: null,
    });
    await db.meta.put({ key: completionKey(manifest.id, manifest.version), value: '2026-09-20T03:00:00.000Z' });
    render(<JpCard />);
    expect(await screen.findByText(/^8 dari 20 JP — kurang 12 JP$/)).toBeDefined();
    expect(screen.getByText(/kurang 12 JP/)).toBeDefined();
    expect(screen.getByText('menunggu sinkronisasi')).toBeDefined();
    expect(screen.getByText('8 JP masih menunggu sinkronisasi dan belum dikonfirmasi server.')).toBeDefined();
    expect(screen.getByText(/±42 menit per minggu untuk mencapai 20 JP sebelum 31 Desember/)).toBeDefined();

    // The sync brought the server's ledger: the same course, confirmed.
    await confirmed(manifest.id, 'Kursus Uji', 8);
    await vi.waitFor(() => expect(screen.queryByText('menunggu sinkronisasi')).toBeNull());
    expect(screen.getByText(/^8 dari 20 JP — kurang 12 JP$/)).toBeDefined();
  });

  it('a completion the server holds for review says so, not "waiting for sync", and its JP waits', async () => {
    const manifest = manifestFixture({ jp: 2 });
    await completedOnPhone(db, manifest, '2026-09-20T03:00:00.000Z');
    // What the sync's progress pull stored: the server has every record and holds the completion.
    await db.meta.put({ key: 'held:' + manifest.id, value: 'pending' });
    render(<JpCard />);
    expect(
      await screen.findByText(
        `Kelulusan ${manifest.title.id} sedang diperiksa admin BKPSDM karena waktu belajar tercatat sangat ` +
          'singkat; JP akan dihitung setelah disetujui.',
      ),
    ).toBeDefined();
    expect(screen.getByText('diperiksa admin')).toBeDefined();
    expect(screen.queryByText(/menunggu sinkronisasi/)).toBeNull();
    expect(screen.getByText(/^0 dari 20 JP — kurang 20 JP$/)).toBeDefined();

    await db.meta.put({ key: 'held:' + manifest.id, value: 'refused' });
    expect(await screen.findByText(/tidak diterima admin BKPSDM.*Silakan hubungi admin BKPSDM/)).toBeDefined();
    expect(screen.queryByText(/sedang diperiksa/)).toBeNull();
  });

  it('a course whose certificate was revoked shows as revoked at 0 JP, not as its own completion waiting', async () => {
    const manifest = manifestFixture({ id: 'dicabut', jp: 6 });
    await completedOnPhone(db, manifest, '2026-09-20T03:00:00.000Z');
    // What the sync brought: the server lists the course at 0 JP, marked revoked.
    await db.meta.put({
      key: 'record:snapshot',
      value: {
        timeZone: 'Asia/Jakarta',
        status: 'PNS',
        target: 20,
        entries: [
          {
            kind: 'course',
            id: manifest.id,
            title: 'Kursus Dicabut',
            jp: 0,
            completedAt: '2026-09-20T03:00:00.000Z',
            year: 2026,
            certificateCode: null,
            revoked: true,
          },
        ],
        external: [],
        fetchedAt: '2026-09-30T17:00:00.000Z',
      },
    });
    try {
      render(<JpCard />);
      expect(await screen.findByText(/^0 dari 20 JP — kurang 20 JP$/)).toBeDefined();
      expect(screen.getByText('Dicabut')).toBeDefined();
      expect(screen.queryByText(/menunggu sinkronisasi/)).toBeNull();
    } finally {
      await db.meta.clear();
      await db.courses.clear();
    }
  });

  it("names a confirmed course in the reader's language when the phone's catalog knows it", async () => {
    await confirmed('kursus-0', 'Pelayanan Publik 0', 2);
    await db.catalog.put({ ...catalogOf200()[0]!, fetchedAt: '2026-09-30T17:00:00.000Z' });
    await setLanguage('en');
    try {
      render(<JpCard />);
      expect(await screen.findByText('Course 0')).toBeDefined();
      expect(screen.queryByText('Pelayanan Publik 0')).toBeNull();
    } finally {
      await setLanguage('id');
      await db.catalog.clear();
      await db.meta.delete('record:snapshot');
    }
  });

  it('a PPPK sees no minimum, with the note on the PPPK rule', async () => {
    useSession.setState({ user: { ...user, status: 'PPPK' } });
    render(<JpCard />);
    expect(await screen.findByText('JP 2026: 0 JP')).toBeDefined();
    expect(screen.getByText(/PP 49\/2018 Pasal 40 ayat \(1\)/)).toBeDefined();
  });
});
