import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

export interface IssuedPassword {
  name: string;
  email: string;
  password: string;
  /** A new account's first password, or a reset one. */
  reason: 'created' | 'reset';
  serial: number;
}

/**
 * A password the server answered once: shown here, and nowhere else, ever again. It takes focus so
 * that whoever asked for it hears it is there, and it goes when they say they have passed it on.
 */
export function NewPassword({ issued, onDone }: { issued: IssuedPassword; onDone(): void }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    heading.current?.focus();
    setCopied('idle');
  }, [issued.serial]);

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(issued.password);
      setCopied('copied');
    } catch {
      // Without the clipboard (an insecure origin, a refusal), select it for a copy by hand.
      field.current?.select();
      setCopied('failed');
    }
  }

  return (
    <section className="card new-password" aria-labelledby={`${id}-title`} data-testid="new-password-panel">
      <h2 className="new-password__title" id={`${id}-title`} tabIndex={-1} ref={heading}>
        {t(issued.reason === 'created' ? 'admin.password.created' : 'admin.password.reset', { name: issued.name })}
      </h2>
      <p className="new-password__warning">
        <strong>{t('admin.password.once')}</strong> {t('admin.password.give', { email: issued.email })}
      </p>
      <label className="field__label" htmlFor={id}>
        {t('admin.password.label')}
      </label>
      <div className="new-password__row">
        <input
          id={id}
          ref={field}
          className="field__input new-password__value"
          data-testid="new-password"
          readOnly
          spellCheck={false}
          autoComplete="off"
          value={issued.password}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button--secondary" data-testid="new-password-copy" onClick={() => void copy()}>
          {t('admin.password.copy')}
        </button>
      </div>
      <p role="status" className="new-password__copied">
        {copied === 'copied' && t('admin.password.copied')}
        {copied === 'failed' && t('admin.password.copyFailed')}
      </p>
      <button type="button" className="button button--primary" data-testid="new-password-done" onClick={onDone}>
        {t('admin.password.done')}
      </button>
    </section>
  );
}
