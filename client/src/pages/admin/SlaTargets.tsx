import type { SlaTarget, SlaTargetRequest, TicketPriority } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { useFormSend } from '../planning/useFormSend';

interface SlaTargetsProps {
  /** The start of the fields' ids: the queue's id, or `default`. */
  scope: string;
  legend: string;
  /** The legend is for screen readers only, where a heading above says the same. */
  legendHidden?: boolean;
  hint: string;
  targets: SlaTarget[];
  save(request: SlaTargetRequest): Promise<void>;
  /** For a queue: drop its own row for a priority, so the default applies again. */
  clear?(priority: TicketPriority): Promise<void>;
}

/** One row per priority: time to take, time to resolve and the warning before a breach, each row saved on its own. */
export function SlaTargets({ scope, legend, legendHidden = false, hint, targets, save, clear }: SlaTargetsProps) {
  return (
    <fieldset className="planning-fieldset sla-targets">
      <legend className={legendHidden ? 'visually-hidden' : 'field__label'}>{legend}</legend>
      <p className="hint">{hint}</p>
      {targets.map((target) => (
        <SlaRow
          // A saved or dropped row comes back with new values: start its fields from them.
          key={`${target.priority}-${target.source}-${target.ownMinutes}-${target.resolveMinutes}-${target.warnBeforeMinutes}`}
          scope={scope}
          target={target}
          save={save}
          clear={clear}
        />
      ))}
    </fieldset>
  );
}

const MINUTES = /^\d{1,6}$/;

function SlaRow({
  scope,
  target,
  save,
  clear,
}: {
  scope: string;
  target: SlaTarget;
  save: SlaTargetsProps['save'];
  clear?: SlaTargetsProps['clear'];
}) {
  const { t, failure: explain } = useI18n();
  const labelId = useId();
  const [own, setOwn] = useState(String(target.ownMinutes));
  const [resolve, setResolve] = useState(String(target.resolveMinutes));
  const [warn, setWarn] = useState(String(target.warnBeforeMinutes));
  const form = useFormSend();
  const id = (field: string) => `sla-${scope}-${target.priority}-${field}`;
  const priority = t(`tickets.priority.${target.priority}`);

  function check(): SummaryItem[] {
    const problems: SummaryItem[] = [];
    if (!MINUTES.test(own) || Number(own) < 1) problems.push({ fieldId: id('own'), message: t('admin.queues.minutesInvalid') });
    if (!MINUTES.test(resolve) || Number(resolve) < 1) problems.push({ fieldId: id('resolve'), message: t('admin.queues.minutesInvalid') });
    else if (MINUTES.test(own) && Number(resolve) < Number(own))
      problems.push({ fieldId: id('resolve'), message: explain('sla_resolve_before_own') });
    if (!MINUTES.test(warn)) problems.push({ fieldId: id('warn'), message: t('admin.queues.warnInvalid') });
    return problems;
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    await form.send(
      () => save({ priority: target.priority, ownMinutes: Number(own), resolveMinutes: Number(resolve), warnBeforeMinutes: Number(warn) }),
      (failure) =>
        failure.code === 'sla_resolve_before_own'
          ? [{ fieldId: id('resolve'), message: explain(failure.code) }]
          : [{ fieldId: null, message: explain(failure.code) }],
    );
  }

  async function backToDefault(): Promise<void> {
    if (!clear || form.sending) return;
    await form.send(
      () => clear(target.priority),
      (failure) => [{ fieldId: null, message: explain(failure.code) }],
    );
  }

  const field = (name: 'own' | 'resolve' | 'warn', label: string, value: string, set: (v: string) => void) => (
    <TextField
      id={id(name)}
      data-testid={id(name)}
      label={label}
      inputMode="numeric"
      autoComplete="off"
      value={value}
      error={form.fieldError(id(name))}
      onChange={(e) => set(e.target.value.trim())}
    />
  );

  return (
    <form
      className="sla-row"
      noValidate
      aria-labelledby={labelId}
      onSubmit={(event) => void submit(event)}
      data-testid={`sla-${scope}-${target.priority}`}
    >
      <p className="sla-row__name" id={labelId}>
        <strong>{priority}</strong>{' '}
        <span className={`badge${target.source === 'queue' ? ' badge--dark' : ''}`}>{t(`admin.queues.source.${target.source}`)}</span>
      </p>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <div className="sla-row__fields">
        {field('own', t('admin.queues.own'), own, setOwn)}
        {field('resolve', t('admin.queues.resolve'), resolve, setResolve)}
        {field('warn', t('admin.queues.warn'), warn, setWarn)}
      </div>
      <div className="actions">
        <button type="submit" className="button button--secondary button--small" data-testid={`${id('save')}`} aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.save')}
          <span className="visually-hidden"> {priority}</span>
        </button>
        {clear && target.source === 'queue' && (
          <button
            type="button"
            className="button button--secondary button--small"
            data-testid={id('clear')}
            onClick={() => void backToDefault()}
          >
            {t('admin.queues.useDefault')}
            <span className="visually-hidden"> {priority}</span>
          </button>
        )}
      </div>
    </form>
  );
}
