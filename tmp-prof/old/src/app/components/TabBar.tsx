import { useT } from '../hooks/useT';
import { useRouter, type Route } from '../stores/router';
import { Link } from './Link';

type Tab = 'home' | 'catalog' | 'storage' | 'profile';

/** Which tab a screen belongs to: a lesson is part of "Pelatihan", the sync page of "Profil". */
function tabOf(route: Route): Tab | null {
  switch (route.name) {
    case 'home':
      return 'home';
    case 'catalog':
    case 'course':
    case 'lesson':
    case 'quiz':
    case 'feedback':
      return 'catalog';
    case 'storage':
      return 'storage';
    case 'profile':
    case 'sync':
      return 'profile';
    default:
      return null;
  }
}

const ICONS: Record<Tab, string> = {
  home: 'M3 11l9-7 9 7v9a1 1 0 01-1 1h-5v-6h-6v6H4a1 1 0 01-1-1z',
  catalog: 'M4 5a2 2 0 012-2h5v17H6a2 2 0 00-2 2zM20 5a2 2 0 00-2-2h-5v17h5a2 2 0 012 2z',
  storage: 'M12 3v12m0 0l-5-5m5 5l5-5M4 19h16',
  profile: 'M12 12a4 4 0 100-8 4 4 0 000 8zM4 21a8 8 0 0116 0',
};

/**
 * The learner's four places, always one tap away: a bar at the bottom of a phone's screen
 * (where the thumb is), a row under the header on a wider one.
 */
export function TabBar() {
  const { t } = useT();
  const current = useRouter((state) => tabOf(state.route));
  const tabs: { tab: Tab; to: Route; label: string }[] = [
    { tab: 'home', to: { name: 'home' }, label: t('tabs.home') },
    { tab: 'catalog', to: { name: 'catalog' }, label: t('tabs.catalog') },
    { tab: 'storage', to: { name: 'storage' }, label: t('tabs.downloads') },
    { tab: 'profile', to: { name: 'profile' }, label: t('tabs.profile') },
  ];
  return (
    <nav class="tab-bar" aria-label={t('tabs.label')}>
      <ul>
        {tabs.map(({ tab, to, label }) => (
          <li key={tab}>
            <Link to={to} class="tab-bar__tab" current={current === tab}>
              <svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
                <path
                  d={ICONS[tab]}
                  fill="none"
                  stroke="currentColor"
                  stroke-width="2"
                  stroke-linecap="round"
                  stroke-linejoin="round"
                />
              </svg>
              <span>{label}</span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
