import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider';

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** `viewer` fills the screen on a phone, and most of it elsewhere. */
  size?: 'small' | 'viewer';
  testId?: string;
  /** Extra controls in the title bar, before the close button. */
  toolbar?: ReactNode;
  /** Where focus goes when what opened the dialog is gone (a deleted document's Delete button). */
  fallbackFocus?: () => HTMLElement | null;
}

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the page inert (so focus
 * stays inside) and Escape closes it. Focus goes back to whatever opened it, which the browser
 * does not promise when the opener re-rendered meanwhile.
 */
export function Dialog({ title, onClose, children, size = 'small', testId, toolbar, fallbackFocus }: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  const fallback = useRef(fallbackFocus);
  fallback.current = fallbackFocus;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal() focuses the first control (Close) unless a field is there to be filled.
    dialog.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const cancel = (event: Event) => {
      event.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      if (dialog.open) dialog.close();
      // After React has committed, so the opener's fate (kept, or removed with its document) is known.
      // StrictMode's trial unmount opens the dialog again at once: then focus stays in it.
      window.setTimeout(() => {
        if (dialog.isConnected && dialog.open) return;
        (opener?.isConnected ? opener : fallback.current?.())?.focus();
      }, 0);
    };
  }, []);

  return (
    <dialog ref={ref} className={`dialog dialog--${size}`} aria-labelledby={titleId} data-testid={testId}>
      <div className="dialog__bar">
        <h2 id={titleId} className="dialog__title">
          {title}
        </h2>
        {toolbar}
        <button
          type="button"
          className="button button--secondary button--small dialog__close"
          data-testid="dialog-close"
          onClick={() => close.current()}
        >
          {t('documents.close')}
        </button>
      </div>
      <div className="dialog__body">{children}</div>
    </dialog>
  );
}
