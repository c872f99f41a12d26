import { i18n } from '../i18n';
import {
  CorruptFileError,
  ImportError,
  IntegrityError,
  isQuotaError,
  RequestError,
  StorageFullError,
} from '../data/errors';
import { formatBytes } from './format';

/** What went wrong, in the learner's language, with what to do next. */
export function errorMessage(error: unknown): string {
  const { t } = i18n;
  if (error instanceof RequestError) return t(`errors.${error.code}`, { defaultValue: t('errors.unknown') });
  if (error instanceof IntegrityError) return t('errors.integrity');
  if (error instanceof CorruptFileError) return t('errors.corruptFile');
  if (error instanceof ImportError) return t(`errors.import.${error.reason}`);
  if (error instanceof StorageFullError) {
    if (error.available === null) return t('errors.storageFullUnknown');
    return t('errors.storageFull', {
      needed: formatBytes(error.needed, i18n.language),
      available: formatBytes(Math.max(0, error.available), i18n.language),
    });
  }
  if (isQuotaError(error)) return t('errors.storageFullUnknown');
  if (isMissingCodeError(error)) return t('errors.missingCode');
  return t('errors.unknown');
}

/**
 * A part of the app's code could not be fetched: the connection dropped before it was cached,
 * or an update replaced it. Reloading the page (online) is what helps; trying again does not,
 * since the browser remembers the failed import.
 */
export function isMissingCodeError(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /dynamically imported module|Importing a module script failed|error loading dynamically imported module/i.test(
      error.message,
    )
  );
}
