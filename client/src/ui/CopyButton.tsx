import { useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** Copies a text; says so in a live region, since a copy has no other visible effect. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [result, setResult] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      setResult('copied');
    } catch {
      setResult('failed');
    }
  }

  return (
    <span className="copy">
      <button type="button" className="button button--secondary" onClick={() => void copy()}>
        {label}
      </button>
      <span className="copy__status" role="status">
        {result === 'copied' && t('common.copied')}
        {result === 'failed' && t('common.copyFailed')}
      </span>
    </span>
  );
}
