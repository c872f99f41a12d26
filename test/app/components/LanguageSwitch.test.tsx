// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LanguageSwitch } from '../../../src/app/components/LanguageSwitch';
import { i18n, initI18n, loadI18next, setLanguage } from '../../../src/app/i18n';

const t = i18n.t.bind(i18n);
beforeAll(() => initI18n('id'));
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  await setLanguage('id');
});

describe('LanguageSwitch', () => {
  it('switches the app to English and back', async () => {
    render(<LanguageSwitch class="button" />);
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('button', { name: 'Bahasa Indonesia' })).toBeDefined();
    expect(i18n.language).toBe('en');
  });

  it('when the English texts cannot be downloaded, says what to do instead of doing nothing', async () => {
    vi.spyOn(await loadI18next(), 'changeLanguage').mockRejectedValue(
      new TypeError('Failed to fetch dynamically imported module: /assets/en-abc.js'),
    );
    render(<LanguageSwitch class="button" />);
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect((await screen.findByRole('alert')).textContent).toBe(t('errors.missingCode'));
    expect(screen.getByRole('button', { name: 'English' })).toHaveProperty('disabled', false);
  });
});
