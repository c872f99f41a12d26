import { DEVICE_KEY_PATTERN } from '../../shared/protocol';

/**
 * This phone's or browser's own random key, sent with every login: once the person has signed in
 * here, the server lets a login carrying it through however often others fail logins for their
 * NIP (server: services/login-devices.ts). Kept for good, across "Keluar"; none when storage is
 * refused (private mode), and then the login is held back like any other.
 */
const KEY = 'lentera.deviceKey';

export function deviceKey(): string | undefined {
  try {
    let key = localStorage.getItem(KEY);
    // A key the server refuses (storage edited or damaged) would fail every login: a new one
    // only costs this phone its standing as a known device.
    if (key === null || !DEVICE_KEY_PATTERN.test(key)) localStorage.setItem(KEY, (key = crypto.randomUUID()));
    return key;
  } catch {
    return undefined;
  }
}
