import { TicketPriority } from '@oac/shared';
import { useI18n } from '../../i18n/I18nProvider';
import { TextField } from '../../ui/TextField';
import { ChoiceSelect, SelectField } from '../planning/SelectField';
import type { SummaryItem } from '../../ui/ErrorSummary';
import { LocalizedFields, missingLanguages, type Localized } from './LocalizedFields';

export interface QueueDraft {
  name: Localized;
  rank: string;
  priority: TicketPriority;
}

/** What is wrong with a queue's names and rank before it is sent. */
export function queueProblems(prefix: string, draft: QueueDraft, t: ReturnType<typeof useI18n>['t']): SummaryItem[] {
  const rank = Number(draft.rank);
  return [
    ...missingLanguages(`${prefix}-name`, draft.name, (l) => t('admin.queues.nameMissing', { language: t(`admin.lang.${l}`) })),
    ...(/^\d{1,2}$/.test(draft.rank) && rank >= 1 && rank <= 99
      ? []
      : [{ fieldId: `${prefix}-rank`, message: t('admin.queues.rankInvalid') }]),
  ];
}

/** The names in three languages, the rank and the default priority, shared by the new-queue and edit forms. */
export function QueueFields({
  prefix,
  draft,
  onChange,
  errorOf,
}: {
  prefix: string;
  draft: QueueDraft;
  onChange(draft: QueueDraft): void;
  errorOf(id: string): string | null;
}) {
  const { t } = useI18n();
  return (
    <>
      <LocalizedFields
        prefix={`${prefix}-name`}
        legend={t('admin.queues.name')}
        value={draft.name}
        onChange={(name) => onChange({ ...draft, name })}
        errorOf={errorOf}
      />
      <div className="planning-form__row queue-fields__row">
        <TextField
          id={`${prefix}-rank`}
          data-testid={`${prefix}-rank`}
          label={t('admin.queues.rank')}
          hint={t('admin.queues.rankHint')}
          inputMode="numeric"
          autoComplete="off"
          value={draft.rank}
          error={errorOf(`${prefix}-rank`)}
          onChange={(e) => onChange({ ...draft, rank: e.target.value.trim() })}
        />
        <SelectField id={`${prefix}-priority`} label={t('admin.queues.priority')} error={null}>
          <select
            id={`${prefix}-priority`}
            data-testid={`${prefix}-priority`}
            value={draft.priority}
            onChange={(e) => onChange({ ...draft, priority: e.target.value as TicketPriority })}
          >
            {TicketPriority.options.map((p) => (
              <option key={p} value={p}>
                {t(`tickets.priority.${p}`)}
              </option>
            ))}
          </select>
        </SelectField>
      </div>
    </>
  );
}

/** The supervisor's choice: nobody, or one of the staff accounts offered. */
export function SupervisorSelect({
  id,
  testId,
  value,
  candidates,
  hint,
  error,
  onChange,
}: {
  id: string;
  testId: string;
  value: string;
  candidates: { id: string; name: string }[];
  hint?: string;
  error: string | null;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  return (
    <ChoiceSelect
      id={id}
      testId={testId}
      label={t('admin.queues.supervisor')}
      hint={hint}
      error={error}
      value={value}
      none={t('admin.queues.nobody')}
      options={candidates.map((a) => ({ value: a.id, label: a.name }))}
      onChange={onChange}
    />
  );
}
