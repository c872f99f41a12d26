import type { TFunction } from 'i18next';
import type { RejectedRow } from '../../../../shared/protocol/roster-import';

/**
 * Why the roster import refused a row, in the reader's language, from the server's code, the
 * column it names and the value it quotes (the server keeps its Indonesian `message` for API
 * clients).
 */
export function rejectedRowText(t: TFunction, entry: RejectedRow): string {
  // A NI PPPK is built differently from a NIP, so its message explains other parts.
  const key = entry.code === 'invalid_nip' && entry.value === 'PPPK' ? 'invalid_ni_pppk' : entry.code;
  return t(`admin.roster.rowProblem.${key}`, {
    field: entry.field === undefined ? '' : t(`admin.people.field.${entry.field}`),
    value: entry.value ?? '',
  });
}
