import { h, type ComponentType } from 'preact';
import { lazy } from '../../components/lazy';

/**
 * The cards of the home screen ("Beranda"), top to bottom. A feature adds its card with one
 * line here; the home screen never changes for it. Each card is imported lazily, but the build
 * puts every card's code in Beranda's one chunk (`vite.config.ts`), which the shell already
 * loaded; a card that fails to load or to render is replaced by a short notice, the other
 * cards stay.
 *
 * A card renders its own `<section class="home-card">` with a heading, reads the phone's data
 * (works offline), and renders nothing when it has nothing to say.
 */
export interface HomeCard {
  id: string;
  Component: ComponentType;
}

export const homeCards: HomeCard[] = [
  { id: 'continue', Component: lazy(() => import('./ContinueCard')) },
  {
    id: 'jp',
    Component: lazy(() =>
      import('../record/JpCard').then(({ default: JpCard }) => ({ default: () => h(JpCard, { showLink: true }) })),
    ),
  },
  { id: 'assigned', Component: lazy(() => import('../assignments/AssignedCoursesCard')) },
  { id: 'tasks', Component: lazy(() => import('../cycle/TasksCard')) },
  { id: 'my-courses', Component: lazy(() => import('./MyCoursesCard')) },
];
