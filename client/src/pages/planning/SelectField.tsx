import type { SchedulingClerk } from '@oac/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

/**
 * A labelled select with its hint and error lines, laid out as a TextField is; the select itself
 * is the child, described by `${id}-hint` and `${id}-error` (see `describedBy`).
 */
export function SelectField({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error: string | null;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** The ids a SelectField's select is described by: its hint and its error, when it has them. */
export function describedBy(id: string, hint: string | undefined, error: string | null): string | undefined {
  return [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
}

/**
 * A SelectField with its select: a first option for none (or all), then `options`, in order.
 * The select's test id is its id unless told otherwise.
 */
export function ChoiceSelect(props: {
  id: string;
  testId?: string;
  label: string;
  hint?: string;
  error?: string | null;
  value: string;
  /** The first option's words; its value is ''. */
  none: string;
  options: { value: string; label: string }[];
  onChange(value: string): void;
}) {
  const error = props.error ?? null;
  return (
    <SelectField id={props.id} label={props.label} hint={props.hint} error={error}>
      <select
        id={props.id}
        data-testid={props.testId ?? props.id}
        value={props.value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.id, props.hint, error)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        <option value="">{props.none}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </SelectField>
  );
}

/**
 * Clerks to choose from, as the roster's forms ask for one, grouped by their own office: this
 * office's first, so that a clerk brought from another office is never picked by mistake.
 */
export function ClerkSelect(props: {
  id: string;
  testId: string;
  label: string;
  error: string | null;
  officeId: string;
  clerks: SchedulingClerk[];
  value: string;
  onChange(clerkId: string): void;
}) {
  const { text } = useI18n();
  const groups = new Map<string, SchedulingClerk[]>();
  for (const c of props.clerks) groups.set(c.office.id, [...(groups.get(c.office.id) ?? []), c]);
  const order = [...groups.keys()].sort((a, b) =>
    a === props.officeId
      ? -1
      : b === props.officeId
        ? 1
        : text(groups.get(a)![0]!.office.name).localeCompare(text(groups.get(b)![0]!.office.name)),
  );
  return (
    <SelectField id={props.id} label={props.label} error={props.error}>
      <select id={props.id} data-testid={props.testId} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {order.map((officeId) => {
          const clerks = groups.get(officeId)!;
          const options = clerks.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ));
          return groups.size === 1 ? (
            options
          ) : (
            <optgroup key={officeId} label={text(clerks[0]!.office.name)}>
              {options}
            </optgroup>
          );
        })}
      </select>
    </SelectField>
  );
}

/** A form's submit button, and the quiet "saved" that follows a change, for screen readers too. */
export function SaveActions({ testId, label, sending, saved }: { testId: string; label: string; sending: boolean; saved: string | null }) {
  return (
    <div className="actions">
      <button type="submit" className="button button--primary" data-testid={testId} aria-disabled={sending}>
        {label}
      </button>
      <span role="status" className="planning-form__saved">
        {saved ?? ''}
      </span>
    </div>
  );
}
