import type { ReactNode } from 'react';

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

/** The office's clerks to choose from, as the roster's forms ask for one. */
export function ClerkSelect(props: {
  id: string;
  testId: string;
  label: string;
  error: string | null;
  clerks: { id: string; name: string }[];
  value: string;
  onChange(clerkId: string): void;
}) {
  return (
    <SelectField id={props.id} label={props.label} error={props.error}>
      <select id={props.id} data-testid={props.testId} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.clerks.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
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
