import type { PlanningBoard } from '@oac/shared';
import { useId, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import type { Formatters } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { useFormSend } from './useFormSend';

type BoardSlot = PlanningBoard['days'][number]['slots'][number];

/** The most seats the server takes for one slot (`CapacityRequest`). */
const MAX_SEATS = 100;

interface SlotSeatsProps {
  serviceId: string;
  serviceName: string;
  /** The procedure's slots of the day, in any order. */
  slots: BoardSlot[];
  fmt: Formatters;
  /** Done: the message to announce; the board reloads. */
  onDone(message: string): void;
  /** Refused because the board is behind the server: reload it, so the bookings shown are true. */
  onStale(): void;
}

/**
 * A procedure's slots of the day, each with its seats: as many as clerks on shift who can take it
 * (issue 14), unless the scheduler sets them by hand here, never under the bookings already held.
 */
export function SlotSeats({ serviceId, serviceName, slots, fmt, onDone, onStale }: SlotSeatsProps) {
  const { t } = useI18n();
  const sorted = [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <details className="slot-seats" data-testid="slot-capacity-list" data-service-id={serviceId}>
      <summary className="slot-seats__summary">
        {t('planning.slots.summary', { count: sorted.length })}
        <span className="visually-hidden">: {serviceName}</span>
      </summary>
      <p className="hint slot-seats__help">{t('planning.slots.help')}</p>
      <ul className="slot-seats__list">
        {sorted.map((slot) => (
          <SlotSeatRow key={slot.id} slot={slot} serviceName={serviceName} fmt={fmt} onDone={onDone} onStale={onStale} />
        ))}
      </ul>
    </details>
  );
}

type RowProps = Omit<SlotSeatsProps, 'serviceId' | 'slots'> & { slot: BoardSlot };

/** Failures that mean the board shows a slot that has changed, or gone, since it loaded. */
const STALE = new Set(['capacity_below_bookings', 'slot_not_found']);

function SlotSeatRow({ slot, serviceName, fmt, onDone, onStale }: RowProps) {
  const { t } = useI18n();
  const id = useId();
  const inputId = `${id}-seats`;
  const errorId = `${id}-error`;
  const input = useRef<HTMLInputElement>(null);
  const form = useFormSend();
  const [failure, setFailure] = useState<Failure | null>(null);
  // What is typed; null shows the slot's seats, which follow the board as it reloads.
  const [draft, setDraft] = useState<string | null>(null);
  const [shown, setShown] = useState(slot.capacity);
  if (shown !== slot.capacity) {
    setShown(slot.capacity);
    setDraft(null);
  }
  const time = fmt.time(slot.startsAt);
  const value = draft ?? String(slot.capacity);
  const fieldError = form.fieldError(inputId);

  async function change(capacity: number | null): Promise<void> {
    setFailure(null);
    const ok = await form.send(
      async () => {
        const answer = await api.setSlotCapacity(slot.id, capacity);
        setDraft(String(answer.capacity));
        const done =
          capacity === null
            ? t('planning.slots.resetDone', { service: serviceName, time, capacity: answer.capacity })
            : t('planning.slots.done', { service: serviceName, time, capacity: answer.capacity });
        onDone(done);
      },
      (problem) => {
        setFailure(problem);
        if (STALE.has(problem.code)) onStale();
        return [];
      },
    );
    // The reset button leaves with the override: keep the reader in the row.
    if (ok && capacity === null) input.current?.focus();
  }

  function save(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    if (form.sending) return;
    const seats = Number(value.trim());
    if (value.trim() === '' || !Number.isInteger(seats) || seats < slot.booked || seats > MAX_SEATS) {
      setFailure(null);
      form.fail([{ fieldId: inputId, message: t('planning.slots.invalid', { min: slot.booked, max: MAX_SEATS }) }]);
      input.current?.focus();
      return;
    }
    void change(seats);
  }

  return (
    <li className="slot-seats__row" data-testid="slot-capacity-row" data-slot-id={slot.id}>
      <p className="slot-seats__facts">
        <span className="slot-seats__time">
          <time dateTime={slot.startsAt}>{time}</time>
          {'–'}
          <time dateTime={slot.endsAt}>{fmt.time(slot.endsAt)}</time>
        </span>{' '}
        <span className="slot-seats__taken">{t('planning.slots.taken', { booked: slot.booked, capacity: slot.capacity })}</span>
        {slot.overridden && <span className="badge badge--manual">{t('planning.slots.manual')}</span>}
      </p>
      <form className="slot-seats__form" noValidate onSubmit={save}>
        <label htmlFor={inputId} className="slot-seats__label">
          {t('planning.slots.seats')}
          <span className="visually-hidden"> {t('planning.slots.at', { time })}</span>
        </label>
        <input
          ref={input}
          id={inputId}
          type="number"
          inputMode="numeric"
          className="field__input field__input--inline slot-seats__input"
          data-testid="slot-capacity-input"
          min={slot.booked}
          max={MAX_SEATS}
          step={1}
          value={value}
          aria-invalid={fieldError ? true : undefined}
          aria-describedby={fieldError ? errorId : undefined}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button
          type="submit"
          className="button button--secondary button--small"
          data-testid="slot-capacity-save"
          aria-disabled={form.sending}
        >
          {form.sending ? t('planning.sending') : t('planning.slots.save')}
          <span className="visually-hidden"> {t('planning.slots.forTime', { time })}</span>
        </button>
      </form>
      {slot.overridden && (
        <p className="slot-seats__reset">
          <button
            type="button"
            className="link-button"
            data-testid="slot-capacity-reset"
            aria-disabled={form.sending}
            onClick={() => !form.sending && void change(null)}
          >
            {t('planning.slots.reset')}
            <span className="visually-hidden"> {t('planning.slots.forTime', { time })}</span>
          </button>
        </p>
      )}
      {fieldError && (
        <p className="field__error slot-seats__error" id={errorId} role="alert">
          {fieldError}
        </p>
      )}
      {failure && <FailureNotice failure={failure} />}
    </li>
  );
}
