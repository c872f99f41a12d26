// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import AssignmentsScreen from '../../../../../src/app/features/admin/assignments/AssignmentsScreen';
import { api } from '../../../../../src/shared/protocol';
import { assignmentsApi, type AssignmentSummary } from '../../../../../src/shared/protocol/assignments';
import { peopleApi } from '../../../../../src/shared/protocol/people';
import { catalogOf200 } from '../../../builders';
import { choose, initAdminI18n, signInAs } from '../fakes';

const course = catalogOf200()[0]!;
const summary: AssignmentSummary = {
  id: '0193a1b2-0000-7000-8000-0000000000a1',
  courseId: course.id,
  title: course.title,
  dueDate: '2030-01-31',
  target: { opds: [], jenisJabatan: [], statuses: [], nips: [] },
  note: '',
  createdAt: '2026-11-22T00:00:00Z',
  createdBy: 'Admin BKPSDM',
  assigned: 3,
  done: 0,
  inProgress: 0,
  notStarted: 3,
  overdue: 0,
};

beforeAll(() => initAdminI18n());
beforeEach(() => signInAs('admin'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('AssignmentsScreen', () => {
  it('sends an assignment once however often "Tetapkan sebagai wajib" is clicked while it is out', async () => {
    let answer: (response: Response) => void = () => undefined;
    const posts: unknown[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      if (init.method === 'POST' && url === assignmentsApi.admin) {
        posts.push(init.body);
        return new Promise<Response>((resolve) => (answer = resolve));
      }
      if (url === assignmentsApi.admin) return Response.json({ assignments: [] });
      if (url === api.courses) return Response.json({ courses: [course] });
      if (url === peopleApi.opds) return Response.json({ opds: [] });
      return Response.json({ error: { code: 'not_found', message: url } }, { status: 404 });
    });
    render(<AssignmentsScreen />);
    await screen.findByRole('option', { name: course.title.id });
    choose(screen.getByRole('combobox', { name: 'Pelatihan' }), course.id);
    fireEvent.input(screen.getByLabelText('Batas waktu'), { target: { value: '2030-01-31' } });
    const submit = screen.getByRole('button', { name: 'Tetapkan sebagai wajib' });
    await waitFor(() => expect(submit).toHaveProperty('disabled', false));
    fireEvent.click(submit);
    await waitFor(() => expect(submit).toHaveProperty('disabled', true));
    fireEvent.click(submit);
    fireEvent.submit(submit.closest('form')!);
    expect(posts).toHaveLength(1);
    await act(async () => answer(Response.json({ assignment: summary }, { status: 201 })));
    await screen.findByText('Ditetapkan untuk 3 pegawai.');
    expect(submit).toHaveProperty('disabled', false);
  });

  it('says at the field when the due date is not from 2000 to 5 years ahead (its check or the server’s)', async () => {
    const posts: unknown[] = [];
    const lastDay = `${new Date().getUTCFullYear() + 5}-12-31`;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
      if (init.method === 'POST' && url === assignmentsApi.admin) {
        posts.push(init.body);
        // A server whose clock reads another year than the admin's.
        const params = { code: 'day_out_of_range', from: '2000-01-01', to: '2030-12-31' };
        const details = [{ code: 'custom', path: ['dueDate'], message: 'a day from 2000-01-01 to 2030-12-31', params }];
        return Response.json({ error: { code: 'bad_request', message: 'shape', details } }, { status: 400 });
      }
      if (url === assignmentsApi.admin) return Response.json({ assignments: [] });
      if (url === api.courses) return Response.json({ courses: [course] });
      if (url === peopleApi.opds) return Response.json({ opds: [] });
      return Response.json({ error: { code: 'not_found', message: url } }, { status: 404 });
    });
    render(<AssignmentsScreen />);
    await screen.findByRole('option', { name: course.title.id });
    choose(screen.getByRole('combobox', { name: 'Pelatihan' }), course.id);
    const submit = screen.getByRole('button', { name: 'Tetapkan sebagai wajib' });
    for (const dueDate of ['0001-01-01', '9999-12-31']) {
      fireEvent.input(screen.getByLabelText('Batas waktu'), { target: { value: dueDate } });
      await waitFor(() => expect(submit).toHaveProperty('disabled', false));
      fireEvent.click(submit);
      const alert = await screen.findByText(`Mohon Bapak/Ibu memilih batas waktu antara 2000-01-01 dan ${lastDay}.`);
      expect(alert.getAttribute('data-field')).toBe('dueDate');
    }
    expect(posts).toHaveLength(0);
    fireEvent.input(screen.getByLabelText('Batas waktu'), { target: { value: lastDay } });
    fireEvent.click(submit);
    await screen.findByText('Mohon Bapak/Ibu memilih batas waktu antara 2000-01-01 dan 2030-12-31.');
    expect(posts).toHaveLength(1);
    expect(screen.getAllByRole('alert')).toHaveLength(1);
  });
});
