import { Component, type ComponentChildren } from 'preact';
import { useT } from '../../hooks/useT';
import { useSession } from '../../stores/session';
import { homeCards, type HomeCard } from './cards';

/** Beranda: where the learner lands after login and from the home-screen icon. */
export default function HomeScreen({ cards = homeCards }: { cards?: HomeCard[] }) {
  const { t } = useT();
  const name = useSession((state) => state.user?.name ?? '');
  return (
    <main class="home">
      <h1>{t('home.title')}</h1>
      <p class="home__greeting">{t('home.greeting', { name })}</p>
      {cards.map(({ id, Component: Card }) => (
        <CardBoundary key={id} id={id}>
          <Card />
        </CardBoundary>
      ))}
    </main>
  );
}

/** One card failing (its chunk missing, its data unreadable) must not take Beranda down with it. */
class CardBoundary extends Component<{ id: string; children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };

  static override getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(`home card ${this.props.id} failed`, error);
  }

  override render() {
    return this.state.failed ? <CardFailed /> : this.props.children;
  }
}

function CardFailed() {
  const { t } = useT();
  return <p class="home-card home-card--failed">{t('home.cardFailed')}</p>;
}
