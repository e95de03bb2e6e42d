import { QUALITY_MAX_DAYS, TicketPriority, type AdminOffice, type CatalogueEntry, type Queue } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { ChoiceSelect, SelectField } from '../planning/SelectField';
import {
  DEFAULT_PERIOD,
  periodProblem,
  QUALITY_PRESETS,
  qualityHref,
  resolvePeriod,
  type QualityFilters,
  type QualityPeriod,
} from './qualityUrl';

interface QualityFilterFormProps {
  filters: QualityFilters;
  today: string;
  /** An admin chooses the office; a scheduler's is fixed, and named. */
  offices: AdminOffice[] | null;
  fixedOffice: string | null;
  queues: Queue[];
  procedures: CatalogueEntry[];
}

function samePeriod(a: QualityPeriod, b: QualityPeriod): boolean {
  return a.kind === 'preset' && b.kind === 'preset' ? a.preset === b.preset : JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The dashboard's filters. They live in the address: the quick periods are links, and the form
 * goes there on submit, so the view can be bookmarked, shared and reloaded, and Back undoes a change.
 */
export function QualityFilterForm({ filters, today, offices, fixedOffice, queues, procedures }: QualityFilterFormProps) {
  const { t, text, lang } = useI18n();
  const shown = resolvePeriod(filters.period, today);
  const [from, setFrom] = useState(shown.from);
  const [to, setTo] = useState(shown.to);
  const [office, setOffice] = useState(filters.office ?? '');
  const [queue, setQueue] = useState(filters.queue ?? '');
  const [procedure, setProcedure] = useState(filters.procedure ?? '');
  const [priority, setPriority] = useState<string>(filters.priority ?? '');
  const [problem, setProblem] = useState<ReturnType<typeof periodProblem>>(null);
  const [attempt, setAttempt] = useState(0);
  // A new address (a quick period, Back) resets the fields to it. The form is not remounted for
  // that, so that focus stays on the button or link that was used.
  const href = qualityHref(filters);
  const [shownHref, setShownHref] = useState(href);
  if (shownHref !== href) {
    setShownHref(href);
    setFrom(shown.from);
    setTo(shown.to);
    setOffice(filters.office ?? '');
    setQueue(filters.queue ?? '');
    setProcedure(filters.procedure ?? '');
    setPriority(filters.priority ?? '');
    setProblem(null);
  }

  // An admin with an office chosen picks among that office's procedures, and keeps one already chosen.
  const officeId = offices ? office : null;
  const choices = procedures
    .filter((p) => !officeId || p.officeIds.includes(officeId) || p.id === procedure)
    .sort((a, b) => text(a.name).localeCompare(text(b.name), lang));

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const found = periodProblem(from, to);
    setProblem(found);
    setAttempt((n) => n + 1);
    if (found) return;
    // Untouched dates keep a quick period as it was, so that "the last 30 days" stays relative.
    const period: QualityPeriod = from === shown.from && to === shown.to ? filters.period : { kind: 'range', from, to };
    navigate(
      qualityHref({
        period,
        office: offices ? office || null : null,
        queue: queue || null,
        procedure: procedure || null,
        priority: (priority || null) as TicketPriority | null,
      }),
    );
  }

  const problemText = problem ? t(`quality.problem.${problem}`, { days: QUALITY_MAX_DAYS }) : null;
  const problemField = problem === 'missing' && !from ? 'quality-from' : 'quality-to';
  const filtered = filters.office || filters.queue || filters.procedure || filters.priority || !samePeriod(filters.period, DEFAULT_PERIOD);

  return (
    <form className="card planning-form quality-filters" noValidate onSubmit={submit} aria-labelledby="quality-filters-heading">
      <h2 id="quality-filters-heading" className="quality-filters__heading">
        {t('quality.filters')}
      </h2>
      <ErrorSummary items={problemText ? [{ fieldId: problemField, message: problemText }] : []} attempt={attempt} />
      <fieldset className="planning-fieldset quality-filters__period">
        <legend>{t('quality.period')}</legend>
        <nav aria-label={t('quality.presets')}>
          <ul className="quality-presets">
            {QUALITY_PRESETS.map((preset) => {
              const period: QualityPeriod = { kind: 'preset', preset };
              return (
                <li key={preset}>
                  <Link
                    href={qualityHref({ ...filters, period })}
                    className="quality-presets__link"
                    data-testid={`quality-preset-${preset}`}
                    aria-current={samePeriod(filters.period, period) ? 'true' : undefined}
                  >
                    {t(`quality.preset.${preset}`)}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <div className="planning-form__row">
          <TextField
            id="quality-from"
            data-testid="quality-from"
            type="date"
            label={t('quality.from')}
            value={from}
            max={today}
            error={problem && problemField === 'quality-from' ? problemText : null}
            onChange={(e) => setFrom(e.target.value)}
          />
          <TextField
            id="quality-to"
            data-testid="quality-to"
            type="date"
            label={t('quality.to')}
            value={to}
            max={today}
            error={problem && problemField === 'quality-to' ? problemText : null}
            onChange={(e) => setTo(e.target.value)}
          />
        </div>
      </fieldset>
      <div className="planning-form__row">
        {offices ? (
          <SelectField id="quality-office" label={t('quality.office')} error={null}>
            <select id="quality-office" data-testid="quality-office" value={office} onChange={(e) => setOffice(e.target.value)}>
              <option value="">{t('quality.allOffices')}</option>
              {filters.office && !offices.some((o) => o.id === filters.office) && (
                <option value={filters.office}>{t('planning.otherOffice')}</option>
              )}
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {text(o.name)}
                </option>
              ))}
            </select>
          </SelectField>
        ) : (
          <div className="field">
            <span className="field__label">{t('quality.office')}</span>
            <p className="quality-filters__fixed" data-testid="quality-office-fixed">
              {fixedOffice}
            </p>
          </div>
        )}
        <ChoiceSelect
          id="quality-queue"
          label={t('quality.queue')}
          value={queue}
          none={t('quality.allQueues')}
          options={queues.map((q) => ({ value: q.id, label: text(q.name) }))}
          onChange={setQueue}
        />
        <ChoiceSelect
          id="quality-procedure"
          label={t('quality.procedure')}
          value={procedure}
          none={t('quality.allProcedures')}
          options={choices.map((p) => ({ value: p.id, label: text(p.name) }))}
          onChange={setProcedure}
        />
        <ChoiceSelect
          id="quality-priority"
          label={t('quality.priority')}
          value={priority}
          none={t('quality.allPriorities')}
          options={TicketPriority.options.map((p) => ({ value: p, label: t(`tickets.priority.${p}`) }))}
          onChange={setPriority}
        />
      </div>
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="quality-apply">
          {t('quality.apply')}
        </button>
        {filtered && (
          <Link href={qualityHref({ period: DEFAULT_PERIOD, office: null, queue: null, procedure: null, priority: null })}>
            {t('quality.clear')}
          </Link>
        )}
      </div>
    </form>
  );
}
