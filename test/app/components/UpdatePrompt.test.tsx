// @vitest-environment jsdom
import { act, cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UpdatePrompt } from '../../../src/app/components/UpdatePrompt';
import { initI18n } from '../../../src/app/i18n';
import { usePwa } from '../../../src/app/pwa/store';
import { useSession } from '../../../src/app/stores/session';
import { aUser } from '../builders';

beforeAll(() => initI18n('id'));
afterEach(() => {
  cleanup();
  usePwa.setState({ offlineReady: false });
  useSession.getState().signOut();
});

describe('the "siap dipakai tanpa internet" notice', () => {
  it('waits for the login (nothing works offline before it), then shows in the page flow, not over it', () => {
    usePwa.setState({ offlineReady: true });
    render(<UpdatePrompt />);
    expect(screen.queryByText('Lentera siap dipakai tanpa internet.')).toBeNull();

    act(() => {
      useSession.setState({ token: 't', user: aUser(), expired: false });
    });
    const notice = screen.getByText('Lentera siap dipakai tanpa internet.');
    expect(notice.closest('.pwa-banner')).not.toBeNull();
    expect(notice.closest('.pwa-toast')).toBeNull();
  });
});
