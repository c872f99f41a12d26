import type { ComponentChildren } from 'preact';
import { routePath, useRouter, type Route } from '../stores/router';

/** An in-app link: a real href (so long-press and deep links work) handled without a page load. */
export function Link({
  to,
  children,
  class: className,
  current = false,
}: {
  to: Route;
  children: ComponentChildren;
  class?: string;
  /** The page being shown: said to screen readers (`aria-current`) and styled as such. */
  current?: boolean;
}) {
  const navigate = useRouter((state) => state.navigate);
  return (
    <a
      href={routePath(to)}
      class={className}
      aria-current={current ? 'page' : undefined}
      onClick={(event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}
