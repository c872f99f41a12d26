// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { File as NodeFile } from 'node:buffer';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import StorageScreen from '../../../../src/app/features/storage/StorageScreen';
import { i18n } from '../../../../src/app/i18n';
import { useSession } from '../../../../src/app/stores/session';
import { startScreenWorld, stopScreenWorld, type ScreenWorld } from '../screen-kit';

const t = i18n.t.bind(i18n);
let world: ScreenWorld;
beforeEach(async () => {
  world = await startScreenWorld();
  vi.stubGlobal('navigator', {
    ...navigator,
    storage: {
      estimate: async () => ({ usage: 5 * 1024 * 1024, quota: 100 * 1024 * 1024 }),
      persisted: async () => false,
      persist: async () => true,
    },
  });
});
afterEach(() => stopScreenWorld(world));

describe('StorageScreen', () => {
  it('shows how much room Lentera uses and warns while the data is not protected', async () => {
    render(<StorageScreen />);
    expect(await screen.findByText(/Terpakai 5/)).toBeDefined();
    expect(screen.getByText(t('storage.notPersisted'))).toBeDefined();
    expect(screen.getByRole('button', { name: t('storage.protect') })).toBeDefined();
    expect(await screen.findByText(t('storage.none'))).toBeDefined();
  });

  it('deletes a downloaded course after the learner confirms, and says so', async () => {
    await world.download();
    vi.stubGlobal('confirm', () => true);
    render(<StorageScreen />);
    fireEvent.click(await screen.findByRole('button', { name: t('storage.delete') }));
    expect(await screen.findByText(t('storage.deleted'))).toBeDefined();
    await waitFor(() => expect(screen.getByText(t('storage.none'))).toBeDefined());
    expect(await world.db.courses.count()).toBe(0);
  });

  it('a file that is not a Lentera course is refused with a reason, and nothing is installed', async () => {
    useSession.setState({ signingKey: 'a2V5' });
    render(<StorageScreen />);
    const input = (await screen.findByText(t('storage.importTitle'), { selector: 'label' })).querySelector('input')!;
    // Node's File, like the Blob the kit installs (jsdom's cannot be read back from IndexedDB).
    const file = new NodeFile(['bukan zip'], 'foto.lentera.zip', { type: 'application/zip' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    // A plain DOM event: Preact's handler did not answer Testing Library's fireEvent.change here.
    input.dispatchEvent(new Event('change', { bubbles: true }));
    const status = await screen.findByRole('status');
    await waitFor(() => expect(status.textContent).toBe(t('errors.import.invalid_bundle')));
    expect(status.className).toContain('notice--error');
    expect(await world.db.courses.count()).toBe(0);
  });
});
