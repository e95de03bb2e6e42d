import { BookingRequest, type BookingResponse, type Procedure, type Slot } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { personFieldsIn, usePersonProblems, type PersonField } from './usePersonProblems';
import { StepHeading } from './StepHeading';

const fieldIds: Record<PersonField, string> = { name: 'booking-name', email: 'booking-email' };

export interface Person {
  name: string;
  email: string;
}

interface DetailsStepProps {
  service: Procedure;
  slot: Slot;
  /** Kept by the page, so that a citizen sent back to choose another slot need not type it again. */
  person: Person;
  onPersonChange(person: Person): void;
  onBooked(response: BookingResponse): void;
  /** The slot is gone (taken, vanished or in the past): the page sends the citizen back to choose again. */
  onSlotLost(failure: Failure): void;
}

export function DetailsStep({ service, slot, person, onPersonChange, onBooked, onSlotLost }: DetailsStepProps) {
  const { t, text, lang, failure: explain } = useI18n();
  const { name, email } = person;
  const { summary, attempt, errorOf, fail } = usePersonProblems(fieldIds);
  const [sending, setSending] = useState(false);
  // In person too, where both the office of the chosen time and the procedure take visits.
  const office = service.offices.find((o) => o.id === slot.officeId);
  const canVisit = service.channels.includes('in_person') && (office?.channels.includes('in_person') ?? false);
  const [channel, setChannel] = useState<'video' | 'in_person'>('video');

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    // The protocol's own schema checks the form, so the browser and the server agree on what is valid.
    const request = {
      slotId: slot.id,
      serviceId: service.id,
      name: name.trim(),
      email: email.trim(),
      language: lang,
      channel: canVisit ? channel : ('video' as const),
    };
    const checked = BookingRequest.safeParse(request);
    if (!checked.success) {
      fail(personFieldsIn(checked.error.issues), null);
      return;
    }
    setSending(true);
    try {
      onBooked(await api.book(request));
    } catch (error) {
      const failure = toFailure(error);
      if (failure.code === 'slot_taken' || failure.code === 'slot_not_found' || failure.code === 'slot_in_past') {
        onSlotLost(failure);
        return;
      }
      const fields = failure.code === 'validation_error' ? personFieldsIn(failure.details) : new Set<PersonField>();
      fail(fields, fields.size > 0 ? null : explain(failure.code));
    } finally {
      setSending(false);
    }
  }

  return (
    <form className="step" noValidate onSubmit={(event) => void submit(event)} aria-labelledby="booking-step-heading">
      <StepHeading>{t('booking.details.heading')}</StepHeading>
      <ErrorSummary items={summary} attempt={attempt} />
      <p className="hint">{t('booking.details.hint')}</p>
      <TextField
        id={fieldIds.name}
        data-testid="booking-name"
        label={t('booking.details.name')}
        autoComplete="name"
        value={name}
        maxLength={120}
        error={errorOf('name')}
        onChange={(event) => onPersonChange({ ...person, name: event.target.value })}
      />
      <TextField
        id={fieldIds.email}
        data-testid="booking-email"
        label={t('booking.details.email')}
        hint={t('booking.details.emailHint')}
        type="email"
        inputMode="email"
        autoComplete="email"
        spellCheck={false}
        value={email}
        maxLength={254}
        error={errorOf('email')}
        onChange={(event) => onPersonChange({ ...person, email: event.target.value })}
      />
      {canVisit && office && (
        <fieldset className="channel-choice" data-testid="booking-channel">
          <legend>{t('booking.details.channel')}</legend>
          <label>
            <input
              type="radio"
              name="channel"
              value="video"
              data-testid="booking-channel-video"
              checked={channel === 'video'}
              onChange={() => setChannel('video')}
            />{' '}
            {t('booking.details.channel.video')}
          </label>
          <label>
            <input
              type="radio"
              name="channel"
              value="in_person"
              data-testid="booking-channel-in-person"
              checked={channel === 'in_person'}
              onChange={() => setChannel('in_person')}
            />{' '}
            {t('booking.details.channel.inPerson', { address: office.address })}
          </label>
        </fieldset>
      )}
      {service.documents.length > 0 && (
        <section className="bring" aria-labelledby="booking-bring" data-testid="booking-documents">
          <h3 id="booking-bring" className="bring__heading">
            {t('booking.details.bring')}
          </h3>
          <ul>
            {service.documents.map((d) => (
              <li key={d.en}>{text(d)}</li>
            ))}
          </ul>
        </section>
      )}
      <button type="submit" className="button button--primary" data-testid="booking-submit" aria-disabled={sending}>
        {sending ? t('booking.details.sending') : t('booking.details.submit')}
      </button>
    </form>
  );
}
