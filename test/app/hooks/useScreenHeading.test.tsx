// @vitest-environment jsdom
import { cleanup, render, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useScreenHeading } from '../../../src/app/hooks/useScreenHeading';
import { initI18n } from '../../../src/app/i18n';

function Shell({ screen }: { screen: string }) {
  useScreenHeading(screen);
  return (
    <main>
      <h1>{screen}</h1>
    </main>
  );
}

beforeAll(() => initI18n('id'));
afterEach(cleanup);

describe('useScreenHeading', () => {
  it('names the screen in the title, and after a move focuses its h1 (not on the first screen)', async () => {
    const { rerender, getByRole } = render(<Shell screen="Beranda" />);
    await waitFor(() => expect(document.title).toBe('Beranda · Lentera'));
    expect(document.activeElement).toBe(document.body);
    rerender(<Shell screen="Pelatihan" />);
    await waitFor(() => expect(document.title).toBe('Pelatihan · Lentera'));
    expect(document.activeElement).toBe(getByRole('heading', { level: 1 }));
  });
});
