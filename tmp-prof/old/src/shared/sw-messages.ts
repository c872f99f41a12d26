/**
 * Messages between the service worker and the page. Background Sync wakes the worker when
 * the connection returns; the outbox and the login token live in the page, so the worker
 * asks an open Lentera window to flush rather than sending anything itself.
 */
export const BACKGROUND_SYNC_TAG = 'lentera-sync';
export const FLUSH_OUTBOX_MESSAGE = 'lentera:flush-outbox';
/** Re-dispatched on `window` by the page's service-worker bridge for the sync scheduler. */
export const FLUSH_OUTBOX_EVENT = 'lentera:flush-outbox';
/** Where a tapped reminder (a local notification, issue 14.4) takes the person: "Tugas". */
export const TASKS_PATH = '/tugas';
