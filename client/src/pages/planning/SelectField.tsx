import type { SchedulingClerk } from '@oac/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';

/** A labelled select with its error line, laid out as a TextField is; the select itself is the child. */
export function SelectField({ id, label, error, children }: { id: string; label: string; error: string | null; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {error && (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      )}
      {children}
    </div>
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
