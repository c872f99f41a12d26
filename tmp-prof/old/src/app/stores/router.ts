import { create } from './create';

/** The app's few pages; parsed from the URL so deep links and reloads land on the same screen. */
export type Route =
  | { name: 'home' }
  | { name: 'catalog' }
  | { name: 'profile' }
  | { name: 'course'; courseId: string }
  | { name: 'lesson'; courseId: string; lessonId: string }
  | { name: 'quiz'; courseId: string; quizId: string }
  | { name: 'feedback'; courseId: string; lessonId?: string }
  | { name: 'discussion'; courseId: string }
  | { name: 'plan'; courseId: string }
  | { name: 'followup'; courseId: string; checkpoint: number }
  | { name: 'review'; learnerId: string; courseId: string }
  | { name: 'tasks' }
  | { name: 'survey' }
  | { name: 'surveyReview'; learnerId: string }
  | { name: 'storage' }
  | { name: 'sync' }
  | { name: 'team' }
  | { name: 'record' }
  | { name: 'verify'; code: string | null }
  | { name: 'admin'; page: AdminPage }
  | { name: 'notFound' };

/** The BKPSDM admin's pages, under `/admin`; their code loads only when an admin opens one. */
export type AdminPage =
  | { kind: 'courses' }
  | { kind: 'preview'; courseId: string; version: string }
  | { kind: 'results' }
  | { kind: 'discussion' }
  | { kind: 'follow-up' }
  | { kind: 'akpk' }
  | { kind: 'people' }
  | { kind: 'person'; personId: string }
  | { kind: 'roster' }
  | { kind: 'assignments' }
  | { kind: 'analysis' }
  | { kind: 'record' };

/**
 * One-segment pages, by path. The learner's tabs carry Indonesian paths; `/storage` stays for
 * links and bookmarks made before the tabs existed.
 */
const SINGLE_PAGES = new Map<string, Route>([
  ['pelatihan', { name: 'catalog' }],
  ['unduhan', { name: 'storage' }],
  ['storage', { name: 'storage' }],
  ['profil', { name: 'profile' }],
  ['tim', { name: 'team' }],
  ['catatan', { name: 'record' }],
  ['periksa-sertifikat', { name: 'verify', code: null }],
  ['sync', { name: 'sync' }],
  ['tugas', { name: 'tasks' }],
  ['survei', { name: 'survey' }],
]);

export function parseRoute(pathname: string): Route {
  let parts: string[];
  try {
    parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    // A link cut off mid-escape (`%E0%A4`, say, from a truncated WhatsApp message) names no page.
    return { name: 'notFound' };
  }
  if (parts.length === 0) return { name: 'home' };
  if (parts.length === 1) {
    const page = SINGLE_PAGES.get(parts[0]!);
    if (page) return page;
  }
  // A certificate's QR link, served by the app only when the server cannot be reached (see sw.ts).
  if (parts[0] === 'verifikasi' && parts[1] && parts.length === 2) return { name: 'verify', code: parts[1] };
  if (parts[0] === 'tim' && parts[1] && parts[2] === 'survei' && parts.length === 3)
    return { name: 'surveyReview', learnerId: parts[1] };
  if (parts[0] === 'tim' && parts[1] && parts[2] === 'penilaian' && parts[3] && parts.length === 4)
    return { name: 'review', learnerId: parts[1], courseId: parts[3] };
  if (parts[0] === 'admin') {
    if (parts.length === 1) return { name: 'admin', page: { kind: 'courses' } };
    if (parts[1] === 'results' && parts.length === 2) return { name: 'admin', page: { kind: 'results' } };
    if (parts[1] === 'people' && parts.length === 2) return { name: 'admin', page: { kind: 'people' } };
    if (parts[1] === 'people' && parts[2] && parts.length === 3)
      return { name: 'admin', page: { kind: 'person', personId: parts[2] } };
    if (parts[1] === 'roster' && parts.length === 2) return { name: 'admin', page: { kind: 'roster' } };
    if (parts[1] === 'assignments' && parts.length === 2) return { name: 'admin', page: { kind: 'assignments' } };
    if (parts[1] === 'analysis' && parts.length === 2) return { name: 'admin', page: { kind: 'analysis' } };
    if (parts[1] === 'discussion' && parts.length === 2) return { name: 'admin', page: { kind: 'discussion' } };
    if (parts[1] === 'follow-up' && parts.length === 2) return { name: 'admin', page: { kind: 'follow-up' } };
    if (parts[1] === 'akpk' && parts.length === 2) return { name: 'admin', page: { kind: 'akpk' } };
    if (parts[1] === 'jp' && parts.length === 2) return { name: 'admin', page: { kind: 'record' } };
    if (parts[1] === 'courses' && parts[2] && parts[3] === 'versions' && parts[4] && parts.length === 5) {
      return { name: 'admin', page: { kind: 'preview', courseId: parts[2], version: parts[4] } };
    }
  }
  if (parts[0] === 'courses' && parts[1]) {
    const courseId = parts[1];
    if (parts.length === 2) return { name: 'course', courseId };
    if (parts[2] === 'lessons' && parts[3] && parts.length === 4)
      return { name: 'lesson', courseId, lessonId: parts[3] };
    if (parts[2] === 'quizzes' && parts[3] && parts.length === 4) return { name: 'quiz', courseId, quizId: parts[3] };
    if (parts[2] === 'feedback' && parts.length === 3) return { name: 'feedback', courseId };
    if (parts[2] === 'discussion' && parts.length === 3) return { name: 'discussion', courseId };
    if (parts[2] === 'plan' && parts.length === 3) return { name: 'plan', courseId };
    if (parts[2] === 'plan' && parts[3] && /^[1-9][0-9]{0,2}$/.test(parts[3]) && parts.length === 4)
      return { name: 'followup', courseId, checkpoint: Number(parts[3]) };
    if (parts[2] === 'lessons' && parts[3] && parts[4] === 'feedback' && parts.length === 5)
      return { name: 'feedback', courseId, lessonId: parts[3] };
  }
  return { name: 'notFound' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'course':
      return `/courses/${encodeURIComponent(route.courseId)}`;
    case 'lesson':
      return `/courses/${encodeURIComponent(route.courseId)}/lessons/${encodeURIComponent(route.lessonId)}`;
    case 'quiz':
      return `/courses/${encodeURIComponent(route.courseId)}/quizzes/${encodeURIComponent(route.quizId)}`;
    case 'feedback':
      return route.lessonId
        ? `/courses/${encodeURIComponent(route.courseId)}/lessons/${encodeURIComponent(route.lessonId)}/feedback`
        : `/courses/${encodeURIComponent(route.courseId)}/feedback`;
    case 'discussion':
      return `/courses/${encodeURIComponent(route.courseId)}/discussion`;
    case 'plan':
      return `/courses/${encodeURIComponent(route.courseId)}/plan`;
    case 'followup':
      return `/courses/${encodeURIComponent(route.courseId)}/plan/${route.checkpoint}`;
    case 'review':
      return `/tim/${encodeURIComponent(route.learnerId)}/penilaian/${encodeURIComponent(route.courseId)}`;
    case 'tasks':
      return '/tugas';
    case 'survey':
      return '/survei';
    case 'surveyReview':
      return `/tim/${encodeURIComponent(route.learnerId)}/survei`;
    case 'catalog':
      return '/pelatihan';
    case 'profile':
      return '/profil';
    case 'storage':
      return '/unduhan';
    case 'sync':
      return '/sync';
    case 'team':
      return '/tim';
    case 'record':
      return '/catatan';
    case 'verify':
      return route.code === null ? '/periksa-sertifikat' : `/verifikasi/${encodeURIComponent(route.code)}`;
    case 'admin':
      return adminPath(route.page);
    default:
      return '/';
  }
}

function adminPath(page: AdminPage): string {
  switch (page.kind) {
    case 'courses':
      return '/admin';
    case 'results':
      return '/admin/results';
    case 'discussion':
      return '/admin/discussion';
    case 'follow-up':
      return '/admin/follow-up';
    case 'akpk':
      return '/admin/akpk';
    case 'people':
      return '/admin/people';
    case 'person':
      return `/admin/people/${encodeURIComponent(page.personId)}`;
    case 'roster':
      return '/admin/roster';
    case 'assignments':
      return '/admin/assignments';
    case 'analysis':
      return '/admin/analysis';
    case 'record':
      return '/admin/jp';
    case 'preview':
      return `/admin/courses/${encodeURIComponent(page.courseId)}/versions/${encodeURIComponent(page.version)}`;
  }
}

interface RouterState {
  route: Route;
  navigate(route: Route): void;
}

export const useRouter = create<RouterState>()((set) => ({
  route: parseRoute(location.pathname),
  navigate: (route) => {
    history.pushState(null, '', routePath(route));
    set({ route });
    window.scrollTo(0, 0);
  },
}));

addEventListener('popstate', () => useRouter.setState({ route: parseRoute(location.pathname) }));
