import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';

/**
 * A ticket change's failure in words: the generic sentences speak of appointments, so the ones a
 * ticket meets get their own (a state that moved meanwhile, a reopening too late, a change only
 * the clerk in charge may make).
 */
export function useTicketFailure(): (failure: Failure) => string {
  const { t, fmt, failure: explain } = useI18n();
  return (failure) => {
    switch (failure.code) {
      case 'invalid_transition':
        return t('tickets.error.invalidTransition');
      case 'reopen_period_passed': {
        const until = (failure.details as { until?: unknown } | undefined)?.until;
        return typeof until === 'string' ? t('tickets.error.reopenUntil', { when: fmt.dateTime(until) }) : explain(failure.code);
      }
      case 'forbidden':
        return t('tickets.error.forbidden');
      default:
        return explain(failure.code);
    }
  };
}
