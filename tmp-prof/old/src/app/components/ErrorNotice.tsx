import { errorMessage } from './errorMessage';

/** A failure explained in the reader's language, with what to do, announced to screen readers. */
export function ErrorNotice({ error }: { error: unknown }) {
  return (
    <p class="notice notice--error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
