import type { Office, Procedure } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { Notice } from '../../ui/Notice';
import { StepHeading } from './StepHeading';

/** An office, or any office that offers the procedure by video: whichever has the first free time. */
export type OfficeChoice = Office | 'any';

interface OfficeStepProps {
  procedure: Procedure;
  selected: OfficeChoice | null;
  onChoose(office: OfficeChoice): void;
}

export function OfficeStep({ procedure, selected, onChoose }: OfficeStepProps) {
  const { t, text } = useI18n();
  const offices = procedure.offices;
  return (
    <fieldset className="step">
      <legend>
        <StepHeading>{t('booking.office.heading')}</StepHeading>
      </legend>
      <p className="hint">{t('booking.office.hint', { procedure: text(procedure.name) })}</p>
      {offices.length === 0 && <Notice kind="info">{t('booking.office.none')}</Notice>}
      {offices.length > 0 && (
        <ul className="choice-list">
          {offices.length > 1 && (
            <li>
              <button
                type="button"
                className="choice"
                data-testid="office-any"
                aria-pressed={selected === 'any'}
                onClick={() => onChoose('any')}
              >
                <span className="choice__title">{t('booking.office.any')}</span>
                <span className="choice__meta">{t('booking.office.anyHint')}</span>
              </button>
            </li>
          )}
          {offices.map((office) => (
            <li key={office.id}>
              <button
                type="button"
                className="choice"
                data-testid={`office-${office.slug}`}
                aria-pressed={selected !== 'any' && selected?.id === office.id}
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
