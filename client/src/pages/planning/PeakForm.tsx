import { PEAK_MAX_DAYS, type Peak, type Queue, type SchedulingClerk } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { isCalendarDay } from '../../i18n/format';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { SelectField } from './SelectField';
import { useFormSend } from './useFormSend';

const ids = {
  queue: 'peak-queue',
  from: 'peak-from',
  to: 'peak-to',
  reason: 'peak-reason',
  clerks: 'peak-clerks',
  rank: 'peak-rank',
} as const;

interface PeakFormProps {
  officeId: string;
  today: string;
  queues: Queue[];
  clerks: SchedulingClerk[];
  onAdded(peak: Peak): void;
}

/** The days both included, as a peak counts them. */
function daysIncluded(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** A new peak: a queue, its days, why, and the clerks lent to it, another rank, or both. */
export function PeakForm({ officeId, today, queues, clerks, onAdded }: PeakFormProps) {
  const { t, text, failure: explain } = useI18n();
  const headingId = useId();
  const [queueId, setQueueId] = useState(queues[0]?.id ?? '');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [reason, setReason] = useState('');
  const [lent, setLent] = useState<string[]>([]);
  const [changeRank, setChangeRank] = useState(false);
  const [rank, setRank] = useState('1');
  const form = useFormSend();
  const firstClerk = clerks[0] ? `${ids.clerks}-${clerks[0].id}` : ids.clerks;

  function check(): SummaryItem[] {
    const problems: SummaryItem[] = [];
    if (!queueId) problems.push({ fieldId: ids.queue, message: explain('queue_not_found') });
    if (!isCalendarDay(from)) problems.push({ fieldId: ids.from, message: t('planning.closures.fromMissing') });
    if (!isCalendarDay(to)) problems.push({ fieldId: ids.to, message: t('planning.closures.toMissing') });
    else if (isCalendarDay(from) && to < from) problems.push({ fieldId: ids.to, message: explain('peak_dates_reversed') });
    else if (isCalendarDay(from) && daysIncluded(from, to) > PEAK_MAX_DAYS)
      problems.push({ fieldId: ids.to, message: explain('peak_too_long') });
    else if (to < today) problems.push({ fieldId: ids.to, message: explain('peak_in_past') });
    if (reason.trim() === '') problems.push({ fieldId: ids.reason, message: t('planning.peaks.reasonMissing') });
    const r = Number(rank);
    if (changeRank && !(/^\d{1,2}$/.test(rank) && r >= 1 && r <= 99))
      problems.push({ fieldId: ids.rank, message: t('planning.peaks.rankInvalid') });
    if (!changeRank && lent.length === 0) problems.push({ fieldId: firstClerk, message: explain('peak_empty') });
    return problems;
  }

  function explainFailure(failure: Failure): SummaryItem[] {
    const message = explain(failure.code);
    switch (failure.code) {
      case 'peak_dates_reversed':
      case 'peak_too_long':
      case 'peak_in_past':
        return [{ fieldId: ids.to, message }];
      case 'peak_overlap':
        return [{ fieldId: ids.rank, message }];
      case 'queue_inactive':
      case 'queue_not_found':
        return [{ fieldId: ids.queue, message }];
      case 'unknown_staff':
      case 'not_a_clerk':
      case 'staff_inactive':
        return [{ fieldId: firstClerk, message }];
      default:
        return [{ fieldId: null, message }];
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(
      async () =>
        onAdded(
          await api.addPeak(officeId, { queueId, from, to, reason: reason.trim(), clerkIds: lent, rank: changeRank ? Number(rank) : null }),
        ),
      explainFailure,
    );
    if (ok) {
      setReason('');
      setLent([]);
      setChangeRank(false);
    }
  }

  return (
    <form
      className="card planning-form"
      noValidate
      aria-labelledby={headingId}
      onSubmit={(event) => void submit(event)}
      data-testid="peak-form"
    >
      <h3 id={headingId}>{t('planning.peaks.add')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <SelectField id={ids.queue} label={t('planning.peaks.queue')} error={form.fieldError(ids.queue)}>
        <select id={ids.queue} data-testid="peak-queue" value={queueId} onChange={(e) => setQueueId(e.target.value)}>
          {queues.map((q) => (
            <option key={q.id} value={q.id}>
              {t('planning.peaks.queueRank', { name: text(q.name), rank: q.rank })}
            </option>
          ))}
        </select>
      </SelectField>
      <div className="planning-form__row peak-dates">
        <TextField
          id={ids.from}
          data-testid="peak-from"
          label={t('planning.peaks.from')}
          type="date"
          value={from}
          error={form.fieldError(ids.from)}
          onChange={(event) => {
            const value = event.target.value;
            setFrom(value);
            if (isCalendarDay(value) && (!isCalendarDay(to) || to < value)) setTo(value);
          }}
        />
        <TextField
          id={ids.to}
          data-testid="peak-to"
          label={t('planning.peaks.to')}
          hint={t('planning.peaks.datesHint')}
          type="date"
          min={isCalendarDay(from) ? from : undefined}
          value={to}
          error={form.fieldError(ids.to)}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <TextField
        id={ids.reason}
        data-testid="peak-reason"
        label={t('planning.peaks.reason')}
        hint={t('planning.peaks.reasonHint')}
        maxLength={200}
        value={reason}
        error={form.fieldError(ids.reason)}
        onChange={(event) => setReason(event.target.value)}
      />
      <fieldset className={`planning-fieldset${form.fieldError(firstClerk) ? ' field--error' : ''}`}>
        <legend className="field__label">{t('planning.peaks.lend')}</legend>
        <p className="hint">{t('planning.peaks.lendHint')}</p>
        {form.fieldError(firstClerk) && <p className="field__error">{form.fieldError(firstClerk)}</p>}
        {clerks.length === 0 && <p className="muted">{t('planning.peaks.noClerks')}</p>}
        <div className="peak-clerks">
          {clerks.map((c) => (
            <label key={c.id} className="checkbox">
              <input
                type="checkbox"
                id={`${ids.clerks}-${c.id}`}
                data-testid="peak-clerk"
                checked={lent.includes(c.id)}
                onChange={(e) => setLent(e.target.checked ? [...lent, c.id] : lent.filter((id) => id !== c.id))}
              />
              {c.name}
            </label>
          ))}
        </div>
      </fieldset>
      <label className="checkbox peak-change-rank">
        <input type="checkbox" data-testid="peak-change-rank" checked={changeRank} onChange={(e) => setChangeRank(e.target.checked)} />
        {t('planning.peaks.changeRank')}
      </label>
      {changeRank && (
        <TextField
          id={ids.rank}
          data-testid="peak-rank"
          label={t('planning.peaks.newRank')}
          hint={t('planning.peaks.newRankHint')}
          inputMode="numeric"
          autoComplete="off"
          value={rank}
          error={form.fieldError(ids.rank)}
          onChange={(event) => setRank(event.target.value.trim())}
        />
      )}
      <button type="submit" className="button button--primary" data-testid="peak-add" aria-disabled={form.sending}>
        {form.sending ? t('planning.sending') : t('planning.peaks.submit')}
      </button>
    </form>
  );
}
