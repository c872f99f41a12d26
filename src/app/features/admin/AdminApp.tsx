import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';
import type { AdminPage } from '../../stores/router';
import CoursesScreen from './courses/CoursesScreen';
import PreviewScreen from './preview/PreviewScreen';
import ResultsScreen from './results/ResultsScreen';
import ModerationScreen from './discussion/ModerationScreen';
import { loadAdminTexts } from './locales';
import './admin.css';

loadAdminTexts();

/** The BKPSDM admin's desk: publishing courses and reading results, in two tabs. */
export default function AdminApp({ page }: { page: AdminPage }) {
  const { t } = useT();
  const tab = page.kind === 'preview' ? 'courses' : page.kind;
  return (
    <div class="admin">
      <nav class="admin__tabs" aria-label={t('admin.tabs.label')}>
        <Link to={{ name: 'admin', page: { kind: 'courses' } }} class={tabClass(tab === 'courses')}>
          {t('admin.tabs.courses')}
        </Link>
        <Link to={{ name: 'admin', page: { kind: 'results' } }} class={tabClass(tab === 'results')}>
          {t('admin.tabs.results')}
        </Link>
        <Link to={{ name: 'admin', page: { kind: 'discussion' } }} class={tabClass(tab === 'discussion')}>
          {t('moderation.tab')}
        </Link>
      </nav>
      {page.kind === 'courses' && <CoursesScreen />}
      {page.kind === 'preview' && (
        <PreviewScreen key={`${page.courseId}@${page.version}`} courseId={page.courseId} version={page.version} />
      )}
      {page.kind === 'results' && <ResultsScreen />}
      {page.kind === 'discussion' && <ModerationScreen />}
    </div>
  );
}

const tabClass = (active: boolean): string => (active ? 'admin__tab admin__tab--active' : 'admin__tab');
