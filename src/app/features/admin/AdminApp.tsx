import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';
import type { AdminPage } from '../../stores/router';
import AnalysisScreen from './analysis/AnalysisScreen';
import CoursesScreen from './courses/CoursesScreen';
import PreviewScreen from './preview/PreviewScreen';
import ResultsScreen from './results/ResultsScreen';
import { loadAdminTexts } from './locales';
import './admin.css';

loadAdminTexts();

/** The BKPSDM admin's desk: publishing courses, reading results, and the learning analysis, in tabs. */
export default function AdminApp({ page }: { page: AdminPage }) {
  const { t } = useT();
  const tab = page.kind === 'results' || page.kind === 'analysis' ? page.kind : 'courses';
  return (
    <div class="admin">
      <nav class="admin__tabs" aria-label={t('admin.tabs.label')}>
        <Link to={{ name: 'admin', page: { kind: 'courses' } }} class={tabClass(tab === 'courses')}>
          {t('admin.tabs.courses')}
        </Link>
        <Link to={{ name: 'admin', page: { kind: 'results' } }} class={tabClass(tab === 'results')}>
          {t('admin.tabs.results')}
        </Link>
        <Link to={{ name: 'admin', page: { kind: 'analysis' } }} class={tabClass(tab === 'analysis')}>
          {t('admin.tabs.analysis')}
        </Link>
      </nav>
      {page.kind === 'courses' && <CoursesScreen />}
      {page.kind === 'preview' && (
        <PreviewScreen key={`${page.courseId}@${page.version}`} courseId={page.courseId} version={page.version} />
      )}
      {page.kind === 'results' && <ResultsScreen />}
      {page.kind === 'analysis' && <AnalysisScreen />}
    </div>
  );
}

const tabClass = (active: boolean): string => (active ? 'admin__tab admin__tab--active' : 'admin__tab');
