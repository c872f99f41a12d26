/** One line of news after an action, so the reader sees what changed (or why not) without hunting for it. */
export interface ActionMessage {
  text: string;
  error: boolean;
}

export function ActionNotice({ message }: { message: ActionMessage }) {
  return (
    <p class={message.error ? 'notice notice--error' : 'notice'} role="status">
      {message.text}
    </p>
  );
}
