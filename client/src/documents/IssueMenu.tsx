import type { DocumentInfo, TemplateName } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { parseAmount } from './amount';
import { Dialog } from './Dialog';
import { SignatureBoxPicker } from './SignatureBoxPicker';

type Action = 'stamp' | 'seal';

export interface IssueMenuProps {
  /** The document's newest version: what the office works on. */
  doc: DocumentInfo;
  /** A new version (stamped, sealed) or the same one now asking for a signature. */
  onIssued(doc: DocumentInfo, what: 'stamped' | 'sealed' | 'signature_requested'): void;
  /** Offer Stamp here; off where the document's own row already has the button. Default true. */
  stamp?: boolean;
}

/** The clerk's work on one document: stamp it, ask the citizen to sign it, seal it. */
export function IssueMenu({ doc, onIssued, stamp = true }: IssueMenuProps) {
  const { t, failure: explain } = useI18n();
  const [busy, setBusy] = useState<Action | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [picking, setPicking] = useState(false);
  const [confirmingSeal, setConfirmingSeal] = useState(false);
  const [said, setSaid] = useState('');
  const isPdf = doc.contentType === 'application/pdf';
  const usable = !doc.deleted;

  async function run(action: Action): Promise<void> {
    if (busy) return;
    setBusy(action);
    setFailure(null);
    try {
      const made = action === 'stamp' ? await api.stamp(doc.id) : await api.sealDocument(doc.id);
      setSaid(t(action === 'stamp' ? 'issue.stamped' : 'issue.sealed', { name: made.filename }));
      onIssued(made, action === 'stamp' ? 'stamped' : 'sealed');
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(null);
      setConfirmingSeal(false);
    }
  }

  if (!usable) return null;
  return (
    <div className="issue-menu" role="group" aria-label={t('issue.actions', { name: doc.filename })} data-testid="issue-menu">
      <div className="issue-menu__buttons">
        {stamp && doc.contentType !== 'image/heic' && (
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="issue-stamp"
            aria-disabled={busy !== null}
            onClick={() => void run('stamp')}
          >
            {busy === 'stamp' ? t('issue.stamping') : t('issue.stamp')}
          </button>
        )}
        {isPdf && (
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="issue-ask-signature"
            aria-disabled={busy !== null}
            onClick={() => busy === null && setPicking(true)}
          >
            {t('signBox.open')}
          </button>
        )}
        {isPdf && doc.kind !== 'sealed' && (
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid="issue-seal"
            aria-disabled={busy !== null}
            onClick={() => busy === null && setConfirmingSeal(true)}
          >
            {busy === 'seal' ? t('issue.sealing') : t('issue.seal')}
          </button>
        )}
      </div>
      {failure && !confirmingSeal && (
        <p className="field__error" role="alert" data-testid="issue-failure" data-code={failure.code}>
          {explain(failure.code)}
        </p>
      )}
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {picking && (
        <SignatureBoxPicker
          doc={doc}
          onClose={() => setPicking(false)}
          onRequested={(asked) => {
            setPicking(false);
            setSaid(t('signBox.sent', { name: asked.filename }));
            onIssued(asked, 'signature_requested');
          }}
        />
      )}
      {confirmingSeal && (
        <Dialog
          title={t('issue.sealTitle', { name: doc.filename })}
          onClose={() => busy === null && setConfirmingSeal(false)}
          testId="seal-dialog"
        >
          <p>{t('issue.sealExplain')}</p>
          {failure && (
            <div className="notice notice--error" role="alert">
              <p>{explain(failure.code)}</p>
            </div>
          )}
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              data-testid="seal-confirm"
              aria-disabled={busy !== null}
              onClick={() => void run('seal')}
            >
              {busy === 'seal' ? t('issue.sealing') : t('issue.sealConfirm')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => busy === null && setConfirmingSeal(false)}>
              {t('issue.cancel')}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}

const TEMPLATES: TemplateName[] = ['certificate', 'request_form', 'receipt'];
const MAX_TEXT = 2000;

export interface PrepareDocumentProps {
  appointmentId: string;
  onPrepared(doc: DocumentInfo): void;
}

/** The clerk's "Prepare a document": a template filled in with the ticket's data and the clerk's text. */
export function PrepareDocument({ appointmentId, onPrepared }: PrepareDocumentProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [said, setSaid] = useState('');
  return (
    <div className="prepare-document">
      <button type="button" className="button button--secondary" data-testid="prepare-open" onClick={() => setOpen(true)}>
        {t('issue.prepare')}
      </button>
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {open && (
        <PrepareDialog
          appointmentId={appointmentId}
          onClose={() => setOpen(false)}
          onPrepared={(doc) => {
            setOpen(false);
            setSaid(t('issue.prepared', { name: doc.filename }));
            onPrepared(doc);
          }}
        />
      )}
    </div>
  );
}

function PrepareDialog({ appointmentId, onClose, onPrepared }: PrepareDocumentProps & { onClose(): void }) {
  const { t, failure: explain } = useI18n();
  const id = useId();
  const [template, setTemplate] = useState<TemplateName>('certificate');
  const [text, setText] = useState('');
  const [amount, setAmount] = useState('');
  const [invalid, setInvalid] = useState<{ text?: boolean; amount?: boolean }>({});
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault();
    if (busy) return;
    const trimmed = text.trim();
    const euros = template === 'receipt' && amount.trim() !== '' ? parseAmount(amount) : undefined;
    const problems = { text: trimmed.length < 1 || trimmed.length > MAX_TEXT, amount: euros === null };
    setInvalid(problems);
    if (problems.text || problems.amount) {
      document.getElementById(problems.text ? `${id}-text` : `${id}-amount`)?.focus();
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      onPrepared(await api.prepareDocument(appointmentId, { template, text: trimmed, ...(euros != null ? { amount: euros } : {}) }));
    } catch (error) {
      setFailure(toFailure(error));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('issue.prepareTitle')} onClose={() => !busy && onClose()} testId="prepare-dialog">
      <form className="prepare-form" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset className="field prepare-form__templates">
          <legend className="field__label">{t('issue.template')}</legend>
          {TEMPLATES.map((name) => (
            <div key={name} className="prepare-form__template">
              <input
                type="radio"
                id={`${id}-${name}`}
                name={`${id}-template`}
                value={name}
                data-testid={`prepare-template-${name}`}
                checked={template === name}
                onChange={() => setTemplate(name)}
              />
              <label htmlFor={`${id}-${name}`}>{t(`issue.template.${name}`)}</label>
            </div>
          ))}
        </fieldset>
        <div className={`field${invalid.text ? ' field--error' : ''}`}>
          <label className="field__label" htmlFor={`${id}-text`}>
            {t(`issue.text.${template}`)}
          </label>
          <p className="field__hint" id={`${id}-text-hint`}>
            {t('issue.textHint')}
          </p>
          {invalid.text && (
            <p className="field__error" id={`${id}-text-error`}>
              {t('issue.textInvalid', { max: MAX_TEXT })}
            </p>
          )}
          <textarea
            id={`${id}-text`}
            className="field__input prepare-form__text"
            data-testid="prepare-text"
            rows={5}
            maxLength={MAX_TEXT}
            aria-invalid={invalid.text || undefined}
            aria-describedby={invalid.text ? `${id}-text-hint ${id}-text-error` : `${id}-text-hint`}
            value={text}
            onChange={(event) => setText(event.target.value)}
          />
        </div>
        {template === 'receipt' && (
          <div className={`field${invalid.amount ? ' field--error' : ''}`}>
            <label className="field__label" htmlFor={`${id}-amount`}>
              {t('issue.amount')}
            </label>
            <p className="field__hint" id={`${id}-amount-hint`}>
              {t('issue.amountHint')}
            </p>
            {invalid.amount && (
              <p className="field__error" id={`${id}-amount-error`}>
                {t('issue.amountInvalid')}
              </p>
            )}
            <input
              id={`${id}-amount`}
              className="field__input prepare-form__amount"
              data-testid="prepare-amount"
              inputMode="decimal"
              autoComplete="off"
              aria-invalid={invalid.amount || undefined}
              aria-describedby={invalid.amount ? `${id}-amount-hint ${id}-amount-error` : `${id}-amount-hint`}
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </div>
        )}
        {failure && (
          <div className="notice notice--error" role="alert" data-testid="prepare-failure" data-code={failure.code}>
            <p>{explain(failure.code)}</p>
          </div>
        )}
        <div className="actions">
          <button type="submit" className="button button--primary" data-testid="prepare-submit" aria-disabled={busy}>
            {busy ? t('issue.preparing') : t('issue.prepareSubmit')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => !busy && onClose()}>
            {t('issue.cancel')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
