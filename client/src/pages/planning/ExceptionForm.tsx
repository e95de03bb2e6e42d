import { NewCalendarException, type ExceptionKind, type SchedulingChange } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { isCalendarDay } from '../../i18n/format';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { pathsIn, useFormSend } from './useFormSend';

const KINDS: ExceptionKind[] = ['holiday', 'closure', 'special_hours'];
const ids = {
  kind: 'exception-kind',
  name: 'exception-name',
  from: 'exception-from',
  to: 'exception-to',
  opens: 'exception-opens',
  closes: 'exception-closes',
} as const;

interface Props {
  officeId: string;
  today: string;
  onChange(change: SchedulingChange): void;
}

export function ExceptionForm({ officeId, today, onChange }: Props) {
  const { t, failure: explain } = useI18n();
  const headingId = useId();
  const [kind, setKind] = useState<ExceptionKind>('closure');
  const [name, setName] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [yearly, setYearly] = useState(false);
  const [opens, setOpens] = useState('09:00');
  const [closes, setCloses] = useState('13:00');
  const form = useFormSend();

  function check(): SummaryItem[] {
    const problems: SummaryItem[] = [];
    if (name.trim() === '') problems.push({ fieldId: ids.name, message: t('planning.closures.nameMissing') });
    if (!isCalendarDay(from)) problems.push({ fieldId: ids.from, message: t('planning.closures.fromMissing') });
    if (!isCalendarDay(to)) problems.push({ fieldId: ids.to, message: t('planning.closures.toMissing') });
    else if (isCalendarDay(from) && to < from) problems.push({ fieldId: ids.to, message: t('planning.closures.toBeforeFrom') });
    if (kind === 'special_hours' && !(opens && closes && opens < closes)) {
      problems.push({ fieldId: ids.closes, message: t('error.hours_end_before_start') });
    }
    return problems;
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    const request = NewCalendarException.safeParse({
      kind,
      name: name.trim(),
      from,
      to,
      recurringYearly: yearly,
      ...(kind === 'special_hours' ? { hours: [{ opens, closes }] } : {}),
    });
    if (problems.length > 0 || !request.success) {
      form.fail(problems.length > 0 ? problems : [{ fieldId: null, message: explain('validation_error') }]);
      return;
    }
    const ok = await form.send(
      async () => onChange(await api.addCalendarException(officeId, request.data)),
      (failure) => {
        const paths = failure.code === 'validation_error' ? pathsIn(failure.details) : new Set<string>();
        if (paths.has('to')) return [{ fieldId: ids.to, message: t('planning.closures.toBeforeFrom') }];
        if (failure.code === 'hours_end_before_start') return [{ fieldId: ids.closes, message: explain(failure.code) }];
        return [{ fieldId: null, message: explain(failure.code) }];
      },
    );
    if (ok) setName('');
  }

  return (
    <form className="card planning-form" noValidate aria-labelledby={headingId} onSubmit={(event) => void submit(event)}>
      <h3 id={headingId}>{t('planning.closures.add')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <div className="field">
        <label className="field__label" htmlFor={ids.kind}>
          {t('planning.closures.kind')}
        </label>
        <select id={ids.kind} data-testid="exception-kind" value={kind} onChange={(event) => setKind(event.target.value as ExceptionKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`planning.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField
        id={ids.name}
        data-testid="exception-name"
        label={t('planning.closures.name')}
        hint={t('planning.closures.nameHint')}
        maxLength={200}
        value={name}
        error={form.fieldError(ids.name)}
        onChange={(event) => setName(event.target.value)}
      />
      <div className="planning-form__row">
        <TextField
          id={ids.from}
          data-testid="exception-from"
          label={t('planning.closures.from')}
          type="date"
          value={from}
          error={form.fieldError(ids.from)}
          onChange={(event) => {
            const value = event.target.value;
            setFrom(value);
            // Most closures last one day: the last day follows the first until it is set apart.
            if (isCalendarDay(value) && (!isCalendarDay(to) || to < value || to === from)) setTo(value);
          }}
        />
        <TextField
          id={ids.to}
          data-testid="exception-to"
          label={t('planning.closures.to')}
          type="date"
          min={isCalendarDay(from) ? from : undefined}
          value={to}
          error={form.fieldError(ids.to)}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" data-testid="exception-yearly" checked={yearly} onChange={(event) => setYearly(event.target.checked)} />
        {t('planning.closures.yearlyLabel')}
      </label>
      {kind === 'special_hours' && (
        <fieldset className="planning-fieldset">
          <legend className="field__label">{t('planning.closures.specialHours')}</legend>
          <div className="planning-form__row">
            <TextField
              id={ids.opens}
              data-testid="exception-opens"
              label={t('planning.hours.opens')}
              type="time"
              value={opens}
              error={form.fieldError(ids.opens)}
              onChange={(event) => setOpens(event.target.value)}
            />
            <TextField
              id={ids.closes}
              data-testid="exception-closes"
              label={t('planning.hours.closes')}
              type="time"
              value={closes}
              error={form.fieldError(ids.closes)}
              onChange={(event) => setCloses(event.target.value)}
            />
          </div>
        </fieldset>
      )}
      <button type="submit" className="button button--primary" data-testid="exception-add" aria-disabled={form.sending}>
        {form.sending ? t('planning.sending') : t('planning.closures.submit')}
      </button>
    </form>
  );
}
