/** Sizes as a learner reads them on a data plan: "1,4 MB", with the language's decimal mark. */
export function formatBytes(bytes: number, language: string): string {
  const locale = language === 'en' ? 'en-GB' : 'id-ID';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return (
    `${value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })} ` +
    `${units[unit]}`
  );
}

export function formatDateTime(iso: string, language: string): string {
  return new Date(iso).toLocaleString(language === 'en' ? 'en-GB' : 'id-ID', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
}

/** A moment minutes away, to the second: "14.03.27" (when the phone tries a busy server again). */
export function formatTime(date: Date, language: string): string {
  return date.toLocaleTimeString(language === 'en' ? 'en-GB' : 'id-ID', { timeStyle: 'medium' });
}

/** A count as the reader writes it: "50.000" in Bahasa Indonesia, "50,000" in English. */
export function formatCount(value: number, language: string): string {
  return value.toLocaleString(language === 'en' ? 'en-GB' : 'id-ID');
}

/** "31 Jan 2030" in the reader's language; the day is a calendar day, not a moment. */
export function formatDay(day: string, language: string): string {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(language === 'en' ? 'en-GB' : 'id-ID', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
