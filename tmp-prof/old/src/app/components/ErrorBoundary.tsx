import { Component, type ComponentChildren } from 'preact';
import { useT } from '../hooks/useT';
import { isMissingCodeError } from './errorMessage';
import { ErrorNotice } from './ErrorNotice';
import { Link } from './Link';

interface Props {
  children: ComponentChildren;
  /** When it changes (the learner went to another screen), a failure shown is forgotten. */
  resetKey?: unknown;
  /** For a small part of a screen (the header's sync status): on failure it shows nothing. */
  silent?: boolean;
}

interface State {
  failure: { error: unknown } | null;
}

/**
 * The one place where a screen that cannot be shown says so: a failed live query (IndexedDB
 * refused a read), a course file corrupt on the phone, a screen's code that did not load.
 * The learner reads what happened and what to do, and can try again or go back to the
 * course list — never a blank page, never "Memuat…" forever.
 */
export class ErrorBoundary extends Component<Props, State> {
  override state: State = { failure: null };

  static override getDerivedStateFromError(error: unknown): State {
    return { failure: { error } };
  }

  override componentDidCatch(error: unknown): void {
    // Kept for whoever debugs the phone (remote devtools): the learner sees the explanation.
    console.error('screen failed', error);
  }

  override componentDidUpdate(previous: Props): void {
    if (this.state.failure && !Object.is(previous.resetKey, this.props.resetKey)) this.setState({ failure: null });
  }

  override render() {
    const { failure } = this.state;
    if (!failure) return this.props.children;
    if (this.props.silent) return null;
    // Code that failed to load stays failed until the page loads again; anything else may work on a second try.
    const retry = isMissingCodeError(failure.error) ? () => location.reload() : () => this.setState({ failure: null });
    return <ScreenFailure error={failure.error} onRetry={retry} />;
  }
}

function ScreenFailure({ error, onRetry }: { error: unknown; onRetry(): void }) {
  const { t } = useT();
  return (
    <main class="screen-failure">
      <h1>{t('errors.screenFailed')}</h1>
      <ErrorNotice error={error} />
      <p class="screen-failure__actions">
        <button type="button" class="button button--primary" onClick={onRetry}>
          {t('errors.retry')}
        </button>
        <Link to={{ name: 'home' }} class="button">
          {t('errors.backToCatalog')}
        </Link>
      </p>
    </main>
  );
}
