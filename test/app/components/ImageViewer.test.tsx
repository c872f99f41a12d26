// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentView } from '../../../src/app/components/ContentView';
import { initI18n } from '../../../src/app/i18n';
import type { Block } from '../../../src/shared/schema/content';

const blocks: Block[] = [{ t: 'p', c: [{ t: 'img', src: 'images/a.svg', alt: 'Diagram BerAKHLAK' }] }];
const blob = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });

beforeAll(() => initI18n('id'));
beforeEach(() => {
  vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: () => 'blob:lesson-image', revokeObjectURL: () => {} }));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const scale = () => Number(screen.getByRole('dialog', { hidden: true }).querySelector('img')!.dataset.scale);

async function openViewer(): Promise<HTMLElement> {
  render(<ContentView blocks={blocks} resolveFile={() => blob} />);
  const opener = await screen.findByRole('button', { name: /^Perbesar gambar:/ });
  fireEvent.click(opener);
  return opener;
}

describe('a lesson image, tapped', () => {
  it('opens full screen as an <img> of the app (the object URL), and zooms with buttons and keys', async () => {
    await openViewer();
    const dialog = screen.getByRole('dialog', { hidden: true });
    expect(dialog.getAttribute('aria-label')).toBe('Gambar: Diagram BerAKHLAK');
    expect(dialog.querySelector('img')!.getAttribute('src')).toBe('blob:lesson-image');
    expect(dialog.querySelector('img')!.getAttribute('alt')).toBe('Diagram BerAKHLAK');
    expect(scale()).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: 'Perbesar', hidden: true }));
    expect(scale()).toBe(1.5);
    fireEvent.keyDown(dialog, { key: '+' });
    expect(scale()).toBe(2.25);
    fireEvent.keyDown(dialog, { key: '-' });
    fireEvent.keyDown(dialog, { key: '-' });
    expect(scale()).toBe(1);
    // Never smaller than the screen, never larger than six times.
    expect(screen.getByRole('button', { name: 'Perkecil', hidden: true })).toHaveProperty('disabled', true);
  });

  it('closes with Escape, and gives the focus back to the image', async () => {
    const opener = await openViewer();
    const dialog = screen.getByRole('dialog', { hidden: true });
    fireEvent(dialog, new Event('cancel', { cancelable: true }));
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("closes with the phone's Back button, which pops only the viewer's history entry", async () => {
    const before = history.length;
    await openViewer();
    expect(history.length).toBe(before + 1);
    act(() => {
      dispatchEvent(new PopStateEvent('popstate'));
    });
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
  });

  it('closes with its close button', async () => {
    await openViewer();
    fireEvent.click(screen.getByRole('button', { name: 'Tutup gambar', hidden: true }));
    expect(screen.queryByRole('dialog', { hidden: true })).toBeNull();
  });
});
