/**
 * A ledger date as the learner reads it: an instant in the server's time zone (the day it
 * counted for), a `YYYY-MM-DD` date as it is.
 */
export function formatLedgerDate(date: string, language: 'id' | 'en', timeZone: string): string {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(date);
  return new Date(dateOnly ? `${date}T00:00:00Z` : date).toLocaleDateString(language === 'en' ? 'en-GB' : 'id-ID', {
    dateStyle: 'medium',
    timeZone: dateOnly ? 'UTC' : timeZone,
  });
}
