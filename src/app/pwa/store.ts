import { create } from 'zustand';

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
  /** A form holds unsaved input, so nothing may reload the page now. */
  blockingWork: boolean;
  /** The new version took over while work was blocking; reload once it is saved. */
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
  blockingWork: false,
  reloadPending: false,
  installPrompt: null,
  update: async () => {},
  dismissUpdate: () => set({ needRefresh: false }),
  dismissOfflineReady: () => set({ offlineReady: false }),
  setBlockingWork: (blocking) => {
    set({ blockingWork: blocking });
    if (!blocking && get().reloadPending) location.reload();
  },
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

// Listening at module load: Chromium fires the event once, possibly before any component mounts.
addEventListener('beforeinstallprompt', (event) => {
  // Keeps Chromium's own mini-infobar away; the header's button offers the install instead.
  event.preventDefault();
  usePwa.setState({ installPrompt: event as BeforeInstallPromptEvent });
});
addEventListener('appinstalled', () => usePwa.setState({ installPrompt: null }));
