import type { Procedure, Slot } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize } from '../../i18n/format';
import type { OfficeChoice } from './OfficeStep';
import type { BookingStep } from './StepIndicator';

interface ChoiceSummaryProps {
  service: Procedure | null;
  /** The office chosen, 'any', or null before; with 'any', the slot's office once a time is chosen. */
  office: OfficeChoice | null;
  slot: Slot | null;
  onChange(step: BookingStep): void;
}

/** What the citizen has chosen so far, each with a way back to change it. */
export function ChoiceSummary({ office, service, slot, onChange }: ChoiceSummaryProps) {
  const { t, text, fmt, lang } = useI18n();
  const rows: { step: BookingStep; label: string; value: string; change: string }[] = [];
  if (service)
    rows.push({ step: 'service', label: t('appointment.service'), value: text(service.name), change: t('booking.change.service') });
  if (office) {
    const shown = office === 'any' ? (service?.offices.find((o) => o.id === slot?.officeId) ?? null) : office;
    rows.push({
      step: 'office',
      label: t('appointment.office'),
      value: shown ? text(shown.name) : t('booking.office.any'),
      change: t('booking.change.office'),
    });
  }
  if (slot)
    rows.push({
      step: 'slot',
      label: t('appointment.when'),
      value: capitalize(fmt.dateTime(slot.startsAt), lang),
      change: t('booking.change.slot'),
    });
  if (rows.length === 0) return null;
  return (
    <dl className="choices">
      {rows.map((row) => (
        <div key={row.step} className="choices__row">
          <dt>{row.label}</dt>
          <dd>{row.value}</dd>
          <dd>
            <button type="button" className="link-button" onClick={() => onChange(row.step)}>
              {row.change}
            </button>
          </dd>
        </div>
      ))}
    </dl>
  );
}
