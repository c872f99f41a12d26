import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useT } from '../hooks/useT';

/**
 * A labelled password input, as the login screen and the password change ask for it. `hint`
 * (the rules, or what is wrong with the typed password) is read out with the field. "Tampilkan
 * kata sandi" lets the learner check what the phone's small keyboard typed.
 */
export function PasswordField({
  label,
  name,
  autoComplete,
  value,
  onInput,
  hint,
}: {
  label: ComponentChildren;
  name: string;
  autoComplete: 'current-password' | 'new-password';
  value: string;
  onInput: (value: string) => void;
  hint?: ComponentChildren;
}) {
  const { t } = useT();
  const [shown, setShown] = useState(false);
  const hintId = `${name}-hint`;
  // Two fields on one screen (current and new password) each get a toggle tied to its own input.
  const inputId = `${name}-input`;
  return (
    <div class="password-field">
      <label>
        {label}
        <input
          id={inputId}
          name={name}
          type={shown ? 'text' : 'password'}
          autoComplete={autoComplete}
          value={value}
          onInput={(event) => onInput(event.currentTarget.value)}
          aria-describedby={hint === undefined ? undefined : hintId}
          required
        />
        {hint !== undefined && <small id={hintId}>{hint}</small>}
      </label>
      <button
        type="button"
        class="link-button"
        aria-pressed={shown}
        aria-controls={inputId}
        onClick={() => setShown(!shown)}
      >
        {t('login.showPassword')}
      </button>
    </div>
  );
}
