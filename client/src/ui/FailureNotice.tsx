import type { Failure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { Notice } from './Notice';

/** A failed load, said in the reader's language, with a way to try again when that can help. */
export function FailureNotice({ failure, onRetry }: { failure: Failure; onRetry?: () => void }) {
  const { t, failure: explain } = useI18n();
  return (
    <Notice kind="error">
      <p>{explain(failure.code)}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </Notice>
  );
}
