import { useEffect, useRef } from 'preact/hooks';
import { useT } from './useT';

/**
 * After a move to another screen, focus goes to its h1, so a screen reader says where the
 * learner now is, and the tab's title names the screen ("Beranda · Lentera"). The screen may
 * still be loading its code or data: its h1 is awaited for a few seconds at most. The first
 * screen keeps the focus where the browser put it.
 */
export function useScreenHeading(route: unknown): void {
  const brand = useT().t('app.name');
  const first = useRef(true);
  useEffect(() => {
    const move = !first.current;
    first.current = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tries = 0;
    const look = (): void => {
      const heading = document.querySelector<HTMLElement>('main h1');
      if (heading === null) {
        if (++tries < 60) timer = setTimeout(look, 50);
        return;
      }
      document.title = `${heading.textContent ?? ''} · ${brand}`;
      if (move) {
        heading.tabIndex = -1;
        // Not scrolled to: a lesson reopens where the learner stopped reading.
        heading.focus({ preventScroll: true });
      }
    };
    look();
    return () => clearTimeout(timer);
  }, [route, brand]);
}
