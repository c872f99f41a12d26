import { create } from 'zustand';

/** The app's few pages; parsed from the URL so deep links and reloads land on the same screen. */
export type Route =
  | { name: 'catalog' }
  | { name: 'course'; courseId: string }
  | { name: 'lesson'; courseId: string; lessonId: string }
  | { name: 'storage' }
  | { name: 'notFound' };

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: 'catalog' };
  if (parts[0] === 'storage' && parts.length === 1) return { name: 'storage' };
  if (parts[0] === 'courses' && parts[1]) {
    if (parts.length === 2) return { name: 'course', courseId: parts[1] };
    if (parts[2] === 'lessons' && parts[3] && parts.length === 4) return { name: 'lesson', courseId: parts[1], lessonId: parts[3] };
  }
  return { name: 'notFound' };
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'course':
      return `/courses/${encodeURIComponent(route.courseId)}`;
    case 'lesson':
      return `/courses/${encodeURIComponent(route.courseId)}/lessons/${encodeURIComponent(route.lessonId)}`;
    case 'storage':
      return '/storage';
    default:
      return '/';
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
