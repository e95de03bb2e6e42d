import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { SummaryItem } from '../../ui/ErrorSummary';

/** The person's fields that a booking and a request to be attended now both ask for. */
export type PersonField = 'name' | 'email';

/**
 * Which of the person's fields a validation error names, whatever shape its details take: the
 * schema's own issues (`path: ['name']`), or the server's (`path: 'email'`, or keyed by field).
 */
export function personFieldsIn(details: unknown, found = new Set<PersonField>()): Set<PersonField> {
  if (Array.isArray(details)) details.forEach((item) => personFieldsIn(item, found));
  else if (typeof details === 'object' && details !== null) {
    for (const [key, value] of Object.entries(details)) {
      if (key === 'path' && Array.isArray(value) && (value[0] === 'name' || value[0] === 'email')) found.add(value[0]);
      else if (key === 'path' && (value === 'name' || value === 'email')) found.add(value);
      else if (key === 'name' || key === 'email') found.add(key);
      else if (typeof value === 'object') personFieldsIn(value, found);
    }
  }
  return found;
}

/**
 * The name and e-mail fields' problems and the form's summary of them: which are invalid, a
 * message for the form as a whole, and the attempt count that moves the summary into focus.
 */
export function usePersonProblems(fieldIds: Record<PersonField, string>) {
  const { t } = useI18n();
  const [invalid, setInvalid] = useState<Set<PersonField>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const messages: Record<PersonField, string> = { name: t('booking.details.nameInvalid'), email: t('booking.details.emailInvalid') };
  const summary: SummaryItem[] = [
    ...[...invalid].map((field) => ({ fieldId: fieldIds[field], message: messages[field] })),
    ...(problem ? [{ fieldId: null, message: problem }] : []),
  ];
  return {
    summary,
    attempt,
    /** The message of a field, when it is invalid. */
    errorOf: (field: PersonField) => (invalid.has(field) ? messages[field] : null),
    fail(fields: Set<PersonField>, message: string | null): void {
      setInvalid(fields);
      setProblem(message);
      setAttempt((n) => n + 1);
    },
  };
}
