// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import AssignmentsScreen from '../../../../src/app/features/admin/assignments/AssignmentsScreen';
import PeopleScreen from '../../../../src/app/features/admin/people/PeopleScreen';
import RosterScreen from '../../../../src/app/features/admin/people/RosterScreen';
import RecordAdminScreen from '../../../../src/app/features/admin/record/RecordAdminScreen';
import { initAdminI18n, signInAs, stubFetch } from './fakes';

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('admin screens', () => {
  it.each([
    ['Pegawai', PeopleScreen],
    ['Impor pegawai', RosterScreen],
    ['Pelatihan wajib', AssignmentsScreen],
    ['JP & Sertifikat', RecordAdminScreen],
  ])('%s is the main landmark with its h1, like every admin screen', async (_name, Screen) => {
    stubFetch({});
    render(<Screen />);
    const main = screen.getByRole('main');
    expect(main.classList.contains('admin__main')).toBe(true);
    expect(main.querySelector('h1')).not.toBeNull();
  });
});
