import { lazy } from '../../components/lazy';
import { Loading } from '../../components/Loading';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { Link } from '../../components/Link';
import { useT } from '../../hooks/useT';
import type { AdminPage } from '../../stores/router';
import { useSession } from '../../stores/session';
import CoursesScreen from './courses/CoursesScreen';
import PreviewScreen from './preview/PreviewScreen';
import ResultsScreen from './results/ResultsScreen';
import ModerationScreen from './discussion/ModerationScreen';
import FollowUpScreen from './follow-up/FollowUpScreen';
import { loadAdminTexts } from './locales';
import './admin.css';

await loadAdminTexts();

const PeopleScreen = lazy(() => import('./people/PeopleScreen'), Loading);
const PersonScreen = lazy(() => import('./people/PersonScreen'), Loading);
const RosterScreen = lazy(() => import('./people/RosterScreen'), Loading);
const AssignmentsScreen = lazy(() => import('./assignments/AssignmentsScreen'), Loading);
// The analysis brings chart.js: loaded only when an admin opens it.
const AnalysisScreen = lazy(() => import('./analysis/AnalysisScreen'), Loading);
const RecordAdminScreen = lazy(() => import('./record/RecordAdminScreen'), Loading);
// The needs survey's summary draws a chart too.
const AkpkScreen = lazy(() => import('./akpk/AkpkScreen'), Loading);

type Tab =
  | 'courses'
  | 'results'
  | 'analysis'
  | 'record'
  | 'people'
  | 'roster'
  | 'assignments'
  | 'discussion'
  | 'follow-up'
  | 'akpk';

/**
 * The admin's desk. The BKPSDM publishes courses, reads results and manages people; an OPD
 * admin manages their OPD's people and reads its results (publishing is the BKPSDM's).
 */
export default function AdminApp({ page }: { page: AdminPage }) {
  const { t } = useT();
  const isBkpsdm = useSession((state) => state.user?.role === 'admin');
  const tab: Tab =
    page.kind === 'results' || page.kind === 'analysis' || page.kind === 'record'
      ? page.kind
      : page.kind === 'people' || page.kind === 'person'
        ? 'people'
        : page.kind === 'roster' || page.kind === 'assignments'
          ? page.kind
          : page.kind === 'discussion' || page.kind === 'follow-up' || page.kind === 'akpk'
            ? page.kind
            : isBkpsdm
              ? 'courses'
              : // An OPD admin manages no course: the desk opens on her people, under their own tab.
                'people';
  const tabs: { tab: Tab; page: AdminPage; label: string }[] = [
    ...(isBkpsdm
      ? [{ tab: 'courses' as const, page: { kind: 'courses' as const }, label: t('admin.tabs.courses') }]
      : []),
    { tab: 'results', page: { kind: 'results' }, label: t('admin.tabs.results') },
    { tab: 'analysis', page: { kind: 'analysis' }, label: t('admin.tabs.analysis') },
    { tab: 'record', page: { kind: 'record' }, label: t('admin.record.tab') },
    { tab: 'people', page: { kind: 'people' }, label: t('admin.tabs.people') },
    { tab: 'roster', page: { kind: 'roster' }, label: t('admin.tabs.roster') },
    { tab: 'assignments', page: { kind: 'assignments' }, label: t('admin.tabs.assignments') },
    { tab: 'discussion', page: { kind: 'discussion' }, label: t('moderation.tab') },
    { tab: 'follow-up', page: { kind: 'follow-up' }, label: t('followUp.tab') },
    { tab: 'akpk', page: { kind: 'akpk' }, label: t('akpk.tab') },
  ];
  return (
    <div class="admin">
      <nav class="admin__tabs" aria-label={t('admin.tabs.label')}>
        {tabs.map((entry) => (
          <Link key={entry.tab} to={{ name: 'admin', page: entry.page }} class={tabClass(tab === entry.tab)}>
            {entry.label}
          </Link>
        ))}
        {/* The learner's switch is on the Profil tab, which the admin desk does not show. */}
        <LanguageSwitch class="link-button admin__language" />
      </nav>
      {page.kind === 'courses' && (isBkpsdm ? <CoursesScreen /> : <PeopleScreen />)}
      {page.kind === 'preview' && (
        <PreviewScreen key={`${page.courseId}@${page.version}`} courseId={page.courseId} version={page.version} />
      )}
      {page.kind === 'results' && <ResultsScreen />}
      {page.kind === 'analysis' && <AnalysisScreen />}
      {page.kind === 'record' && <RecordAdminScreen />}
      {page.kind === 'people' && <PeopleScreen />}
      {page.kind === 'person' && <PersonScreen key={page.personId} personId={page.personId} />}
      {page.kind === 'roster' && <RosterScreen />}
      {page.kind === 'assignments' && <AssignmentsScreen />}
      {page.kind === 'discussion' && <ModerationScreen />}
      {page.kind === 'follow-up' && <FollowUpScreen />}
      {page.kind === 'akpk' && <AkpkScreen />}
    </div>
  );
}

const tabClass = (active: boolean): string => (active ? 'admin__tab admin__tab--active' : 'admin__tab');
