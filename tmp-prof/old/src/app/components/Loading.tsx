import { useT } from '../hooks/useT';

/** "Memuat…" while a screen's code or data arrives. */
export function Loading() {
  const { t } = useT();
  return <p class="loading">{t('app.loading')}</p>;
}
