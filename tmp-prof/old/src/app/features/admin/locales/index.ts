import { i18n } from '../../../i18n';
import en from './en.json';
import id from './id.json';

/**
 * The admin screens' texts travel with the admin chunk, not with every learner's first load;
 * they are merged into the app's translations when an admin opens an admin page.
 */
export function loadAdminTexts(): void {
  i18n.addResourceBundle('id', 'translation', id, true, false);
  i18n.addResourceBundle('en', 'translation', en, true, false);
}
