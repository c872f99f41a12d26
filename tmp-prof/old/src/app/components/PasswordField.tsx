import type { ComponentChildren } from 'preact';

/**
 * A labelled password input, as the login screen and the password change ask for it. `hint`
 * (the rules, or what is wrong with the typed password) is read out with the field.
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
  const hintId = `${name}-hint`;
  return (
    <label>
      {label}
      <input
        name={name}
        type="password"
        autoComplete={autoComplete}
        value={value}
        onInput={(event) => onInput(event.currentTarget.value)}
        aria-describedby={hint === undefined ? undefined : hintId}
        required
      />
      {hint !== undefined && <small id={hintId}>{hint}</small>}
    </label>
  );
}
