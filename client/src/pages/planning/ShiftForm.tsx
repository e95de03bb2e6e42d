import { NewShift, type OfficeSchedule, type SchedulingChange } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { dayInZone, isCalendarDay } from '../../i18n/format';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { ClerkSelect, SelectField } from './SelectField';
import { pathsIn, useFormSend } from './useFormSend';
import { WEEKDAYS } from './weekHours';

const ids = {
  clerk: 'shift-clerk',
  weekday: 'shift-weekday',
  starts: 'shift-starts',
  ends: 'shift-ends',
  validFrom: 'shift-valid-from',
  validTo: 'shift-valid-to',
  services: 'shift-services',
} as const;

interface Props {
  officeId: string;
  schedule: OfficeSchedule;
  onChange(change: SchedulingChange): void;
}

export function ShiftForm({ officeId, schedule, onChange }: Props) {
  const { t, text, fmt, failure: explain } = useI18n();
  const headingId = useId();
  // Any active clerk may be rostered here: this office's, or one brought from another.
  const clerks = schedule.clerks.filter((c) => c.active);
  const [clerkId, setClerkId] = useState(clerks[0]?.id ?? '');
  const [weekday, setWeekday] = useState(1);
  const [starts, setStarts] = useState('09:00');
  const [ends, setEnds] = useState('14:00');
  const [validFrom, setValidFrom] = useState(() => dayInZone(new Date(), schedule.office.timeZone));
  const [validTo, setValidTo] = useState('');
  const [serviceIds, setServiceIds] = useState(() => schedule.services.map((s) => s.id));
  const form = useFormSend();

  function check(): SummaryItem[] {
    const problems: SummaryItem[] = [];
    if (!clerkId) problems.push({ fieldId: ids.clerk, message: t('planning.roster.clerkMissing') });
    if (!starts) problems.push({ fieldId: ids.starts, message: t('planning.roster.startsMissing') });
    if (!ends) problems.push({ fieldId: ids.ends, message: t('planning.roster.endsMissing') });
    else if (starts && ends <= starts) problems.push({ fieldId: ids.ends, message: t('error.hours_end_before_start') });
    if (!isCalendarDay(validFrom)) problems.push({ fieldId: ids.validFrom, message: t('planning.roster.validFromMissing') });
    if (validTo && (!isCalendarDay(validTo) || validTo < validFrom)) {
      problems.push({ fieldId: ids.validTo, message: t('planning.roster.validToBefore') });
    }
    if (serviceIds.length === 0) problems.push({ fieldId: `${ids.services}-0`, message: t('planning.roster.servicesMissing') });
    return problems;
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    const request = NewShift.safeParse({ clerkId, weekday, starts, ends, validFrom, validTo: validTo || null, serviceIds });
    if (problems.length > 0 || !request.success) {
      form.fail(problems.length > 0 ? problems : [{ fieldId: null, message: explain('validation_error') }]);
      return;
    }
    await form.send(
      async () => onChange(await api.addShift(officeId, request.data)),
      (failure) => {
        const paths = failure.code === 'validation_error' ? pathsIn(failure.details) : new Set<string>();
        if (paths.has('validTo')) return [{ fieldId: ids.validTo, message: t('planning.roster.validToBefore') }];
        if (paths.has('clerkId')) return [{ fieldId: ids.clerk, message: explain(failure.code) }];
        if (failure.code === 'hours_end_before_start') return [{ fieldId: ids.ends, message: explain(failure.code) }];
        if (failure.code === 'shift_overlap') return [{ fieldId: ids.starts, message: explain(failure.code) }];
        return [{ fieldId: null, message: explain(failure.code) }];
      },
    );
  }

  if (clerks.length === 0) return null;
  const servicesError = form.fieldError(`${ids.services}-0`);
  return (
    <form className="card planning-form" noValidate aria-labelledby={headingId} onSubmit={(event) => void submit(event)}>
      <h3 id={headingId}>{t('planning.roster.addShift')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <div className="planning-form__row">
        <ClerkSelect
          id={ids.clerk}
          testId="shift-clerk"
          label={t('planning.csv.clerk')}
          error={form.fieldError(ids.clerk)}
          officeId={officeId}
          clerks={clerks}
          value={clerkId}
          onChange={setClerkId}
        />
        <SelectField id={ids.weekday} label={t('planning.roster.weekday')} error={null}>
          <select id={ids.weekday} data-testid="shift-weekday" value={weekday} onChange={(event) => setWeekday(Number(event.target.value))}>
            {WEEKDAYS.map((d) => (
              <option key={d} value={d}>
                {fmt.weekdayName(d)}
              </option>
            ))}
          </select>
        </SelectField>
      </div>
      <div className="planning-form__row">
        <TextField
          id={ids.starts}
          data-testid="shift-starts"
          label={t('planning.roster.starts')}
          type="time"
          value={starts}
          error={form.fieldError(ids.starts)}
          onChange={(event) => setStarts(event.target.value)}
        />
        <TextField
          id={ids.ends}
          data-testid="shift-ends"
          label={t('planning.roster.ends')}
          type="time"
          value={ends}
          error={form.fieldError(ids.ends)}
          onChange={(event) => setEnds(event.target.value)}
        />
      </div>
      <div className="planning-form__row">
        <TextField
          id={ids.validFrom}
          data-testid="shift-valid-from"
          label={t('planning.roster.validFromLabel')}
          type="date"
          value={validFrom}
          error={form.fieldError(ids.validFrom)}
          onChange={(event) => setValidFrom(event.target.value)}
        />
        <TextField
          id={ids.validTo}
          data-testid="shift-valid-to"
          label={t('planning.roster.validToLabel')}
          hint={t('planning.roster.validToHint')}
          type="date"
          min={isCalendarDay(validFrom) ? validFrom : undefined}
          value={validTo}
          error={form.fieldError(ids.validTo)}
          onChange={(event) => setValidTo(event.target.value)}
        />
      </div>
      <fieldset className={`planning-fieldset${servicesError ? ' field--error' : ''}`}>
        <legend className="field__label">{t('planning.roster.services')}</legend>
        {servicesError && <p className="field__error">{servicesError}</p>}
        {schedule.services.map((service, index) => (
          <label key={service.id} className="checkbox">
            <input
              type="checkbox"
              id={`${ids.services}-${index}`}
              data-testid="shift-service"
              value={service.id}
              checked={serviceIds.includes(service.id)}
              onChange={(event) =>
                setServiceIds(event.target.checked ? [...serviceIds, service.id] : serviceIds.filter((id) => id !== service.id))
              }
            />
            {text(service.name)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button--primary" data-testid="shift-add" aria-disabled={form.sending}>
        {form.sending ? t('planning.sending') : t('planning.roster.addShiftSubmit')}
      </button>
    </form>
  );
}
