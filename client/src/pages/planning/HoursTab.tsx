import type { OfficeSchedule, SchedulingChange } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { OfficeSettingsForm } from './OfficeSettingsForm';
import { useFormSend } from './useFormSend';
import { SaveActions } from './SelectField';
import {
  checkWeek,
  draftFromHours,
  hoursFromDraft,
  rangeAfter,
  WEEKDAYS,
  type IsoWeekday,
  type RangeProblem,
  type WeekDraft,
} from './weekHours';

interface TabProps {
  officeId: string;
  schedule: OfficeSchedule;
  onChange(change: SchedulingChange): void;
}

export function HoursTab({ officeId, schedule, onChange }: TabProps) {
  const { t } = useI18n();
  const headingId = useId();
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('planning.tab.hours')}</h2>
      <WeekHoursForm officeId={officeId} schedule={schedule} onChange={onChange} />
      <OfficeSettingsForm officeId={officeId} schedule={schedule} onChange={onChange} />
    </section>
  );
}

const fieldId = (weekday: number, key: number, field: 'opens' | 'closes') => `hours-${weekday}-${key}-${field}`;

/** The whole week at once, as the API takes it: what is not listed is closed. */
function WeekHoursForm({ officeId, schedule, onChange }: TabProps) {
  const { t, fmt, failure: explain } = useI18n();
  const [week, setWeek] = useState<WeekDraft>(() => draftFromHours(schedule.hours));
  const [saved, setSaved] = useState(false);
  const form = useFormSend();

  const messageOf = (p: RangeProblem) => t(`planning.hours.problem.${p.code}`, { weekday: fmt.weekdayName(p.weekday) });
  const problemAt = (weekday: IsoWeekday, key: number, field: 'opens' | 'closes') => form.fieldError(fieldId(weekday, key, field));

  function edit(weekday: IsoWeekday, next: WeekDraft[IsoWeekday]): void {
    setWeek({ ...week, [weekday]: next });
    setSaved(false);
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = checkWeek(week);
    if (problems.length > 0) {
      form.fail(problems.map((p) => ({ fieldId: fieldId(p.weekday, p.key, p.field), message: messageOf(p) })));
      return;
    }
    const ok = await form.send(
      async () => onChange(await api.setOpeningHours(officeId, hoursFromDraft(week))),
      (failure): SummaryItem[] => [{ fieldId: null, message: explain(failure.code) }],
    );
    setSaved(ok);
  }

  return (
    <form className="card planning-form" noValidate onSubmit={(event) => void submit(event)} data-testid="hours-form">
      <h3>{t('planning.hours.heading')}</h3>
      <p className="hint">{t('planning.hours.hint', { zone: schedule.office.timeZone })}</p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <div className="week-hours">
        {WEEKDAYS.map((weekday) => {
          const ranges = week[weekday];
          const name = fmt.weekdayName(weekday);
          return (
            <fieldset key={weekday} className="week-hours__day" data-testid="hours-day" data-weekday={weekday}>
              <legend className="week-hours__name">{name}</legend>
              {ranges.length === 0 && <p className="muted week-hours__closed">{t('planning.hours.closed')}</p>}
              {ranges.map((range, index) => (
                <div key={range.key} className="week-hours__range" data-testid="hours-range">
                  {(['opens', 'closes'] as const).map((field) => {
                    const id = fieldId(weekday, range.key, field);
                    const error = problemAt(weekday, range.key, field);
                    return (
                      <div key={field} className={`time-field${error ? ' field--error' : ''}`}>
                        <label htmlFor={id} className="time-field__label">
                          {t(field === 'opens' ? 'planning.hours.opens' : 'planning.hours.closes')}
                          <span className="visually-hidden"> {t('planning.hours.rangeOf', { weekday: name, n: index + 1 })}</span>
                        </label>
                        <input
                          id={id}
                          type="time"
                          className="field__input field__input--time"
                          data-testid={`hours-${field}`}
                          value={range[field]}
                          aria-invalid={error ? true : undefined}
                          onChange={(event) =>
                            edit(
                              weekday,
                              ranges.map((r) => (r.key === range.key ? { ...r, [field]: event.target.value } : r)),
                            )
                          }
                        />
                      </div>
                    );
                  })}
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    data-testid="hours-remove"
                    onClick={() =>
                      edit(
                        weekday,
                        ranges.filter((r) => r.key !== range.key),
                      )
                    }
                  >
                    {t('planning.hours.remove')}
                    <span className="visually-hidden"> {t('planning.hours.rangeOf', { weekday: name, n: index + 1 })}</span>
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="link-button"
                data-testid="hours-add"
                onClick={() => edit(weekday, [...ranges, rangeAfter(ranges)])}
              >
                {t('planning.hours.add')}
                <span className="visually-hidden"> {t('planning.hours.addTo', { weekday: name })}</span>
              </button>
            </fieldset>
          );
        })}
      </div>
      <SaveActions
        testId="hours-save"
        label={form.sending ? t('planning.sending') : t('planning.hours.save')}
        sending={form.sending}
        saved={saved ? t('planning.saved') : null}
      />
    </form>
  );
}
