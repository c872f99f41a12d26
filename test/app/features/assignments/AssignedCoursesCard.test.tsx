// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadMyAssignments } from '../../../../src/app/data/assignments';
import { recordLessonCompleted } from '../../../../src/app/data/progress';
import AssignedCoursesCard from '../../../../src/app/features/assignments/AssignedCoursesCard';
import { useNetwork } from '../../../../src/app/stores/network';
import { learner, manifestFixture } from '../../builders';
import { signedInLearner } from '../../signed-in';

const { db } = signedInLearner('assigned');
// No post-test: studying both lessons completes the course by the shared rule.
const course = manifestFixture({ quizzes: [] });

const assign = (dueDate: string, done = false) =>
  db.assignments.put({
    id: 'a1',
    courseId: course.id,
    dueDate,
    note: '',
    done,
    fetchedAt: '2026-11-01T00:00:00.000Z',
  });

beforeEach(async () => {
  // Offline: the card shows what the phone holds, with no pull that could mark it done.
  useNetwork.setState({ online: false });
});

describe('an assigned course completed offline', () => {
  it('leaves the overdue reminder the moment the last lesson is studied, with no pull from the server', async () => {
    await assign('2020-01-31');
    render(<AssignedCoursesCard />);
    expect((await screen.findByText(/^Terlambat \d+ hari/)).textContent).toContain('batas 31 Jan 2020');

    await recordLessonCompleted(db, learner, course, 'satu');
    // One lesson is not the course: still overdue.
    expect(await loadMyAssignments(db)).toMatchObject([{ done: false }]);
    await recordLessonCompleted(db, learner, course, 'dua');

    await waitFor(() => expect(screen.getByText('Selesai')).toBeDefined());
    expect(screen.queryByText(/^Terlambat/)).toBeNull();
    // The copy pulled from the server is untouched: the next pull says what the server credited.
    expect((await db.assignments.get('a1'))?.done).toBe(false);
  });

  it('a course completed before it was assigned counts as done as well', async () => {
    await recordLessonCompleted(db, learner, course, 'satu');
    await recordLessonCompleted(db, learner, course, 'dua');
    await assign('2099-12-31');
    expect(await loadMyAssignments(db)).toMatchObject([{ id: 'a1', done: true }]);
    render(<AssignedCoursesCard />);
    expect(await screen.findByText('Selesai')).toBeDefined();
  });
});

describe('an assigned course not in the catalog on the phone yet', () => {
  it('is named by the title the assignment brought, never by its id', async () => {
    await db.assignments.put({
      id: 'a2',
      courseId: 'manajemen-waktu',
      title: { id: 'Manajemen Waktu', en: 'Time Management' },
      dueDate: '2099-12-31',
      note: '',
      done: false,
      fetchedAt: '2026-11-01T00:00:00.000Z',
    });
    render(<AssignedCoursesCard />);
    expect(await screen.findByRole('link', { name: 'Manajemen Waktu' })).toBeDefined();
    expect(screen.queryByText('manajemen-waktu')).toBeNull();
  });
});
