import { useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';

export interface SummaryItem {
  /** The id of the field to jump to, or null for a problem that belongs to no field. */
  fieldId: string | null;
  message: string;
}

/** The list of what went wrong on submit; it takes focus so the reader hears it first. */
export function ErrorSummary({ items, attempt }: { items: SummaryItem[]; attempt: number }) {
  const { t } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  // A page may hold several forms (the planning tools do): each summary names its own title.
  const titleId = `${useId()}-error-summary-title`;
  useEffect(() => {
    if (items.length > 0) ref.current?.focus();
    // Focus again on each failed attempt, even when the problems are the same.
  }, [attempt, items.length]);
  if (items.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={titleId}>
      <h2 className="error-summary__title" id={titleId}>
        {t('form.problem')}
      </h2>
      <ul>
        {items.map((item) => (
          <li key={`${item.fieldId ?? ''}${item.message}`}>
            {item.fieldId ? (
              <a
                href={`#${item.fieldId}`}
                onClick={(event) => {
                  event.preventDefault();
                  document.getElementById(item.fieldId ?? '')?.focus();
                }}
              >
                {item.message}
              </a>
            ) : (
              item.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
