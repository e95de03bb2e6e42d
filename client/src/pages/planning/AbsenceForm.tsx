import { NewAbsence, type OfficeSchedule, type SchedulingChange } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { ClerkSelect } from './SelectField';
import { pathsIn, useFormSend } from './useFormSend';
import { instantToZonedLocal, zonedLocalToInstant } from './zonedTime';

const ids = { clerk: 'absence-clerk', from: 'absence-from', to: 'absence-to', reason: 'absence-reason' } as const;

interface Props {
  officeId: string;
  schedule: OfficeSchedule;
  onChange(change: SchedulingChange): void;
}

/** An absence from and to a moment on the office's clock, whatever the planner's own computer says. */
export function AbsenceForm({ officeId, schedule, onChange }: Props) {
  const { t, failure: explain } = useI18n();
  const headingId = useId();
  const zone = schedule.office.timeZone;
  const clerks = schedule.clerks.filter((c) => c.active && c.worksHere);
  const [clerkId, setClerkId] = useState(clerks[0]?.id ?? '');
  const [from, setFrom] = useState(() => `${instantToZonedLocal(new Date(), zone).slice(0, 10)}T09:00`);
  const [to, setTo] = useState(() => `${instantToZonedLocal(new Date(), zone).slice(0, 10)}T14:00`);
  const [reason, setReason] = useState('');
  const form = useFormSend();

  function check(startsAt: string | null, endsAt: string | null): SummaryItem[] {
    const problems: SummaryItem[] = [];
    if (!clerkId) problems.push({ fieldId: ids.clerk, message: t('planning.roster.clerkMissing') });
    if (!startsAt) problems.push({ fieldId: ids.from, message: t('planning.roster.absenceFromMissing') });
    if (!endsAt) problems.push({ fieldId: ids.to, message: t('planning.roster.absenceToMissing') });
    else if (startsAt && endsAt <= startsAt) problems.push({ fieldId: ids.to, message: t('planning.roster.absenceToBefore') });
    return problems;
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const startsAt = zonedLocalToInstant(from, zone);
    const endsAt = zonedLocalToInstant(to, zone);
    const problems = check(startsAt, endsAt);
    const request = NewAbsence.safeParse({ clerkId, startsAt, endsAt, reason: reason.trim() });
    if (problems.length > 0 || !request.success) {
      form.fail(problems.length > 0 ? problems : [{ fieldId: null, message: explain('validation_error') }]);
      return;
    }
    const ok = await form.send(
      async () => onChange(await api.addAbsence(officeId, request.data)),
      (failure) => {
        const paths = failure.code === 'validation_error' ? pathsIn(failure.details) : new Set<string>();
        if (paths.has('endsAt')) return [{ fieldId: ids.to, message: t('planning.roster.absenceToBefore') }];
        if (paths.has('clerkId')) return [{ fieldId: ids.clerk, message: explain(failure.code) }];
        return [{ fieldId: null, message: explain(failure.code) }];
      },
    );
    if (ok) setReason('');
  }

  if (clerks.length === 0) return null;
  return (
    <form className="card planning-form" noValidate aria-labelledby={headingId} onSubmit={(event) => void submit(event)}>
      <h3 id={headingId}>{t('planning.roster.addAbsence')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <ClerkSelect
        id={ids.clerk}
        testId="absence-clerk"
        label={t('planning.csv.clerk')}
        error={form.fieldError(ids.clerk)}
        officeId={officeId}
        clerks={clerks}
        value={clerkId}
        onChange={setClerkId}
      />
      <p className="hint">{t('planning.roster.absenceHint', { zone })}</p>
      <div className="planning-form__row planning-form__row--wide">
        <TextField
          id={ids.from}
          data-testid="absence-from"
          label={t('planning.roster.absenceFrom')}
          type="datetime-local"
          value={from}
          error={form.fieldError(ids.from)}
          onChange={(event) => {
            const value = event.target.value;
            // The end follows a start moved past it, keeping the same length, so the pair never reads backwards.
            if (value && to && value >= to) {
              const length = Date.parse(`${to}Z`) - Date.parse(`${from}Z`);
              const end = new Date(Date.parse(`${value}Z`) + (length > 0 ? length : 3_600_000));
              setTo(end.toISOString().slice(0, 16));
            }
            setFrom(value);
          }}
        />
        <TextField
          id={ids.to}
          data-testid="absence-to"
          label={t('planning.roster.absenceTo')}
          type="datetime-local"
          value={to}
          error={form.fieldError(ids.to)}
          onChange={(event) => setTo(event.target.value)}
        />
      </div>
      <TextField
        id={ids.reason}
        data-testid="absence-reason"
        label={t('planning.roster.reason')}
        hint={t('planning.roster.reasonHint')}
        maxLength={200}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
      />
      <button type="submit" className="button button--primary" data-testid="absence-add" aria-disabled={form.sending}>
        {form.sending ? t('planning.sending') : t('planning.roster.addAbsenceSubmit')}
      </button>
    </form>
  );
}
