import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './protocol';

export const PASSWORD_PROBLEMS = ['too_short', 'too_long', 'contains_nip', 'too_common', 'same_as_current'] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/**
 * Passwords guessers try first, Indonesian and global; checked on the phone as the person
 * types and again by the server. Length matters more than rules about symbols (NIST 800-63B).
 */
const COMMON = new Set([
  'password',
  'password1',
  'passw0rd',
  'katasandi',
  'kata sandi',
  'rahasia',
  'rahasia123',
  'sandi123',
  'bismillah',
  'alhamdulillah',
  'indonesia',
  'indonesia1',
  'merdeka45',
  'sayangku',
  'iloveyou',
  'qwertyui',
  'qwerty123',
  'asdfghjk',
  'abcdefgh',
  'abcd1234',
  'admin123',
  'administrator',
  'lentera',
  'lentera123',
  'belajar123',
  'pegawai123',
  'welcome1',
  '12345678',
  '123456789',
  '1234567890',
  '87654321',
  '11223344',
  '12341234',
]);

/** What is wrong with a password someone chose to replace `current` (null: acceptable). */
export function passwordProblem(password: string, nip: string, current?: string): PasswordProblem | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'too_long';
  const digits = password.replace(/\D/g, '');
  // The NIP is printed on every letter the person signs: any 8 of its digits in a row are public.
  for (let start = 0; start + 8 <= nip.length; start++) {
    if (digits.includes(nip.slice(start, start + 8))) return 'contains_nip';
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || /^(.)\1*$/.test(password)) return 'too_common';
  // A one-time password is known to the admin who printed it: keeping it would keep them knowing it.
  if (current !== undefined && lower.normalize('NFC') === current.toLowerCase().normalize('NFC'))
    return 'same_as_current';
  return null;
}
