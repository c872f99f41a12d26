// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usePwa } from '../../../src/app/pwa/store';
import { useRouter } from '../../../src/app/stores/router';

const reload = vi.fn();
vi.stubGlobal('location', { ...window.location, pathname: '/', reload });

afterEach(() => {
  reload.mockClear();
  usePwa.setState({ blockingWork: false, reloadPending: false });
});

describe('a new version taking over while the learner works', () => {
  it('waits through the quiz and its result, and loads at the next screen the learner opens', () => {
    usePwa.getState().setBlockingWork(true);
    usePwa.getState().reloadWhenIdle();
    expect(reload).not.toHaveBeenCalled();

    // The quiz is submitted: the learner now reads the score, which must stay on screen.
    usePwa.getState().setBlockingWork(false);
    expect(reload).not.toHaveBeenCalled();

    useRouter.getState().navigate({ name: 'course', courseId: 'etika-berakhlak' });
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('with nothing in progress, loads at once', () => {
    usePwa.getState().reloadWhenIdle();
    expect(reload).toHaveBeenCalledTimes(1);
  });
});
