import type { Procedure } from '@oac/shared';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { StepHeading } from './StepHeading';

interface ServiceStepProps {
  selected: Procedure | null;
  onChoose(procedure: Procedure): void;
}

/** The first step: the procedure, from the whole catalogue; the offices that offer it come next. */
export function ServiceStep({ selected, onChoose }: ServiceStepProps) {
  const { t, text } = useI18n();
  const { state, reload } = useLoad((signal) => api.procedures(signal), 'procedures');
  return (
    <fieldset className="step">
      <legend>
        <StepHeading>{t('booking.service.heading')}</StepHeading>
      </legend>
      <p className="hint">{t('booking.service.hint')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && state.data.length === 0 && <Notice kind="info">{t('booking.service.none')}</Notice>}
      {state.status === 'ready' && state.data.length > 0 && (
        <ul className="choice-list">
          {state.data.map((service) => (
            <li key={service.id}>
              <button
                type="button"
                className="choice"
                data-testid={`service-${service.code}`}
                aria-pressed={selected?.id === service.id}
                onClick={() => onChoose(service)}
              >
                <span className="choice__title">{text(service.name)}</span>
                <span className="choice__body">{text(service.description)}</span>
                <span className="choice__meta">{t('booking.service.duration', { minutes: service.durationMinutes })}</span>
                {service.documents.length > 0 && (
                  <span className="choice__meta" data-testid="service-documents">
                    {t('booking.service.bring', { list: service.documents.map((d) => text(d)).join(' · ') })}
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
