import type { Office } from '@oac/shared';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { StepHeading } from './StepHeading';

interface OfficeStepProps {
  selected: Office | null;
  onChoose(office: Office): void;
}

export function OfficeStep({ selected, onChoose }: OfficeStepProps) {
  const { t, text } = useI18n();
  const { state, reload } = useLoad((signal) => api.offices(signal), 'offices');
  return (
    <fieldset className="step">
      <legend>
        <StepHeading>{t('booking.office.heading')}</StepHeading>
      </legend>
      <p className="hint">{t('booking.office.hint')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && state.data.length === 0 && <Notice kind="info">{t('booking.office.none')}</Notice>}
      {state.status === 'ready' && state.data.length > 0 && (
        <ul className="choice-list">
          {state.data.map((office) => (
            <li key={office.id}>
              <button
                type="button"
                className="choice"
                data-testid={`office-${office.slug}`}
                aria-pressed={selected?.id === office.id}
                onClick={() => onChoose(office)}
              >
                <span className="choice__title">{text(office.name)}</span>
                <span className="choice__meta">{office.address}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
