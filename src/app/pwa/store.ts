import { create } from '../stores/create';
import { useRouter } from '../stores/router';

/** Chromium's install event; not in lib.dom because it is not (yet) a standard. */
export interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

interface PwaState {
  /** The shell is precached: the app now opens without internet. */
  offlineReady: boolean;
  /** A new version is installed and waiting for the learner's go-ahead. */
  needRefresh: boolean;
  /**
   * Code of this version failed to load again right after the reload meant to fix it (see
   * `chunk-reload.ts`): only a reload the learner asks for can help now.
   */
  staleCode: boolean;
  /** A form holds unsaved input, so nothing may reload the page now. */
  blockingWork: boolean;
  /** The new version took over while work was blocking; it loads at the learner's next step once the work is saved. */
  reloadPending: boolean;
  installPrompt: BeforeInstallPromptEvent | null;
  /** Activates the waiting version; the page reloads onto it. Provided by the sw-bridge once registered. */
  update(): Promise<void>;
  dismissUpdate(): void;
  dismissOfflineReady(): void;
  setBlockingWork(blocking: boolean): void;
  reloadWhenIdle(): void;
  install(): Promise<void>;
}

export const usePwa = create<PwaState>()((set, get) => ({
  offlineReady: false,
  needRefresh: false,
  staleCode: false,
  blockingWork: false,
  reloadPending: false,
  installPrompt: null,
  update: async () => {},
  dismissUpdate: () => set({ needRefresh: false }),
  dismissOfflineReady: () => set({ offlineReady: false }),
  setBlockingWork: (blocking) => set({ blockingWork: blocking }),
  reloadWhenIdle: () => {
    if (get().blockingWork) set({ reloadPending: true });
    else location.reload();
  },
  install: async () => {
    const event = get().installPrompt;
    if (!event) return;
    // An install event can prompt only once, whatever the learner answers.
    set({ installPrompt: null });
    await event.prompt();
  },
}));

// Not the moment the work is saved: the learner is then reading its outcome (a quiz score, a
// thank-you). The new version loads at the next screen they open, where nothing is lost.
useRouter.subscribe((state, previous) => {
  const { reloadPending, blockingWork } = usePwa.getState();
  if (state.route !== previous.route && reloadPending && !blockingWork) location.reload();
});

// Listening at module load: Chromium fires the event once, possibly before any component mounts.
addEventListener('beforeinstallprompt', (event) => {
  // Keeps Chromium's own mini-infobar away; the header's button offers the install instead.
  event.preventDefault();
  usePwa.setState({ installPrompt: event as BeforeInstallPromptEvent });
});
addEventListener('appinstalled', () => usePwa.setState({ installPrompt: null }));
