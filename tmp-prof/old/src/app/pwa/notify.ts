import { TASKS_PATH } from '../../shared/sw-messages';

/**
 * Local notifications without a push service: shown through the service worker's
 * registration (the only way Android Chrome shows them), while the app runs, when the person
 * allowed them. Nothing here depends on a server sending anything.
 */
export function notificationsAvailable(): boolean {
  return typeof Notification !== 'undefined' && 'serviceWorker' in navigator;
}

export function notificationsAllowed(): boolean {
  return notificationsAvailable() && Notification.permission === 'granted';
}

export async function askForNotifications(): Promise<boolean> {
  if (!notificationsAvailable()) return false;
  return (await Notification.requestPermission()) === 'granted';
}

/** Shows one notification; `tag` makes the same reminder replace itself instead of piling up. */
export async function notify(title: string, body: string, tag: string): Promise<void> {
  if (!notificationsAllowed()) return;
  const registration = await navigator.serviceWorker.getRegistration();
  await registration?.showNotification(title, { body, tag, icon: '/icons/icon-192.png', data: { url: TASKS_PATH } });
}
