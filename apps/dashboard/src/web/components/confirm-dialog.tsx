import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A modal confirmation (the native `<dialog>`: focus moves into it, Escape cancels, the page behind is inert).
 * The body states exactly what will happen; the confirm button names the act.
 */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  /** The act; absent for a dialog that only informs (it then has a Close button alone). */
  confirmLabel?: string;
  danger?: boolean;
  busy?: boolean;
  /** Why confirming is not possible right now (the button is disabled and this is shown). */
  blocked?: string | null;
  error?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm"
      aria-labelledby="confirm-title"
      onCancel={(event) => {
        event.preventDefault();
        if (!props.busy) props.onCancel();
      }}
    >
      <h2 id="confirm-title">{props.title}</h2>
      <div className="confirm-body">{props.children}</div>
      {props.error ? (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      ) : null}
      {props.blocked ? <p className="blocked">{props.blocked}</p> : null}
      <div className="confirm-buttons">
        <button type="button" onClick={props.onCancel} disabled={props.busy}>
          {props.confirmLabel ? 'Cancel' : 'Close'}
        </button>
        {props.confirmLabel ? (
          <button
            type="button"
            className={props.danger ? 'danger' : 'primary'}
            onClick={props.onConfirm}
            disabled={props.busy || Boolean(props.blocked)}
          >
            {props.busy ? 'Working…' : props.confirmLabel}
          </button>
        ) : null}
      </div>
    </dialog>
  );
}
