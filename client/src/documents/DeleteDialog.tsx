import { useId, useState, type FormEvent } from 'react';
import { toFailure, type Failure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { Dialog } from './Dialog';

const MIN = 3;
const MAX = 500;

interface DeleteDialogProps {
  filename: string;
  onClose(): void;
  /** Deletes; a rejection shows in the dialog, which stays open. */
  onConfirm(reason: string): Promise<void>;
  fallbackFocus?: () => HTMLElement | null;
}

/** Asks why before deleting: the reason stays on the tombstone and in the audit trail. */
export function DeleteDialog({ filename, onClose, onConfirm, fallbackFocus }: DeleteDialogProps) {
  const { t, failure: explain } = useI18n();
  const id = useId();
  const [reason, setReason] = useState('');
  const [invalid, setInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const trimmed = reason.trim();
    if (trimmed.length < MIN || trimmed.length > MAX) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await onConfirm(trimmed);
    } catch (error) {
      setProblem(toFailure(error));
      setBusy(false);
    }
  }

  const errorId = `${id}-error`;
  return (
    <Dialog title={t('documents.delete.title', { name: filename })} onClose={onClose} testId="delete-dialog" fallbackFocus={fallbackFocus}>
      <form className="delete-form" noValidate onSubmit={(event) => void submit(event)}>
        <p>{t('documents.delete.explain')}</p>
        <div className={`field${invalid ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={`${id}-reason`}>
            {t('documents.delete.reason')}
          </label>
          <p className="field__hint" id={`${id}-hint`}>
            {t('documents.delete.reasonHint', { min: MIN, max: MAX })}
          </p>
          {invalid && (
            <p className="field__error" id={errorId}>
              {t('documents.delete.reasonInvalid', { min: MIN, max: MAX })}
            </p>
          )}
          <textarea
            id={`${id}-reason`}
            className="field__input delete-form__reason"
            data-testid="delete-reason"
            rows={3}
            maxLength={MAX}
            required
            aria-invalid={invalid || undefined}
            aria-describedby={invalid ? `${id}-hint ${errorId}` : `${id}-hint`}
            value={reason}
            // Focused at once: the dialog is there to ask this.
            data-autofocus
            onChange={(event) => {
              setReason(event.target.value);
              if (invalid && event.target.value.trim().length >= MIN) setInvalid(false);
            }}
          />
        </div>
        {problem && (
          <div className="notice notice--error" role="alert">
            <p>{explain(problem.code)}</p>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button button--danger" data-testid="delete-confirm" aria-disabled={busy}>
            {busy ? t('documents.delete.deleting') : t('documents.delete.confirm')}
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            {t('documents.delete.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
