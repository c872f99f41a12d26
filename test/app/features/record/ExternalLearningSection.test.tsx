// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { fireEvent, render, screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { ExternalLearningSection } from '../../../../src/app/features/record/ExternalLearningSection';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('external-learning');

describe('learning done outside Lentera, in Catatan', () => {
  it('dates each entry as a day in words, not as 2026-11-20', async () => {
    await db.externalLearningRecords.put({
      id: '01900000-0000-7000-8000-000000000002',
      kind: 'external_learning',
      body: {
        jenisDiklatId: 1,
        kind: 'webinar',
        name: 'Webinar Pelayanan Prima',
        organiser: 'LAN RI',
        startDate: '2026-11-20',
        endDate: '2026-11-20',
        claimedJp: 3,
        certificateNumber: '',
        file: null,
        writtenAt: '2026-11-21T03:00:00.000Z',
      },
      createdAt: '2026-11-21T03:00:00.000Z',
    });
    render(<ExternalLearningSection decisions={[]} />);
    const entry = (await screen.findByText('Webinar Pelayanan Prima')).closest('li')!;
    expect(entry.textContent).toContain('LAN RI (20 Nov 2026, 3 JP)');
    expect(entry.textContent).not.toContain('2026-11-20');
  });

  it("the certificate's file is chosen with a button in the app's language, and its name is shown", async () => {
    render(<ExternalLearningSection decisions={[]} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Catat pembelajaran' }));
    const input = screen.getByLabelText<HTMLInputElement>('Pilih berkas');
    expect(input.type).toBe('file');
    expect(screen.getByText('Belum ada berkas dipilih.')).toBeDefined();
    const file = new File(['%PDF-1.4'], 'sertifikat-webinar.pdf', { type: 'application/pdf' });
    Object.defineProperty(input, 'files', { value: [file] });
    fireEvent.change(input);
    expect(await screen.findByText('sertifikat-webinar.pdf')).toBeDefined();
  });
});
