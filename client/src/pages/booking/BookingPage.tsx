import type { BookingResponse, Procedure, Slot } from '@oac/shared';
import { useEffect, useRef, useState } from 'react';
import type { Failure } from '../../api/failure';
import { councilDay } from '../../i18n/format';
import { useI18n } from '../../i18n/I18nProvider';
import { Link } from '../../router/Link';
import { useTitle } from '../../ui/useTitle';
import { ChoiceSummary } from './ChoiceSummary';
import { Confirmation } from './Confirmation';
import { DetailsStep, type Person } from './DetailsStep';
import { OfficeStep, type OfficeChoice } from './OfficeStep';
import { ServiceStep } from './ServiceStep';
import { SlotStep } from './SlotStep';
import { focusStepHeading } from './StepHeading';
import { StepIndicator, type BookingStep } from './StepIndicator';

interface Choices {
  office: OfficeChoice | null;
  service: Procedure | null;
  slot: Slot | null;
}

export function BookingPage() {
  const { t, failure: explain } = useI18n();
  const [step, setStep] = useState<BookingStep | 'done'>('service');
  const [choices, setChoices] = useState<Choices>({ service: null, office: null, slot: null });
  const [person, setPerson] = useState<Person>({ name: '', email: '' });
  const [booking, setBooking] = useState<BookingResponse | null>(null);
  const [slotProblem, setSlotProblem] = useState<string | null>(null);
  const [slotRefresh, setSlotRefresh] = useState(0);
  /** The day of a slot that was taken meanwhile: the list opens on it again. */
  const [keepDay, setKeepDay] = useState<string | null>(null);
  useTitle(step === 'done' ? t('booking.done.heading') : t('booking.title'));

  // Each new step takes focus, so keyboard and screen reader users land on what just appeared.
  const firstStep = useRef(true);
  useEffect(() => {
    if (firstStep.current) {
      firstStep.current = false;
      return;
    }
    if (step === 'done') document.getElementById('booking-title')?.focus();
    else focusStepHeading();
  }, [step, slotRefresh]);

  function go(next: BookingStep): void {
    if (next !== 'slot') setSlotProblem(null);
    setStep(next);
  }

  function slotLost(failure: Failure): void {
    if (choices.slot) setKeepDay(councilDay(choices.slot.startsAt));
    setChoices((c) => ({ ...c, slot: null }));
    setSlotProblem(failure.code === 'slot_taken' ? t('booking.slot.taken') : explain(failure.code));
    setSlotRefresh((n) => n + 1);
    setStep('slot');
  }

  return (
    <div className="page page--narrow">
      <h1 id="booking-title" tabIndex={-1}>
        {step === 'done' ? t('booking.done.heading') : t('booking.title')}
      </h1>
      {step === 'done' && booking ? (
        <Confirmation booking={booking} />
      ) : (
        <>
          <p className="lead">{t('booking.lead')}</p>
          {step === 'service' && (
            <p className="live-entry">
              <span>{t('live.booking.hint')}</span>{' '}
              <Link href="/live" className="button button--secondary" data-testid="live-link">
                {t('live.booking.link')}
              </Link>
            </p>
          )}
          <StepIndicator current={step === 'done' ? 'details' : step} />
          <ChoiceSummary
            service={step === 'service' ? null : choices.service}
            office={step === 'service' || step === 'office' ? null : choices.office}
            slot={step === 'details' ? choices.slot : null}
            onChange={go}
          />
          {step === 'service' && (
            <ServiceStep
              selected={choices.service}
              onChoose={(service) => {
                setChoices((c) => (c.service?.id === service.id ? c : { service, office: null, slot: null }));
                go('office');
              }}
            />
          )}
          {step === 'office' && choices.service && (
            <OfficeStep
              procedure={choices.service}
              selected={choices.office}
              onChoose={(office) => {
                setChoices((c) => (sameOffice(c.office, office) ? c : { ...c, office, slot: null }));
                go('slot');
              }}
            />
          )}
          {step === 'slot' && choices.service && choices.office && (
            <SlotStep
              service={choices.service}
              officeId={choices.office === 'any' ? null : choices.office.id}
              selected={choices.slot}
              keepDay={keepDay}
              problem={slotProblem}
              refresh={slotRefresh}
              onChoose={(slot) => {
                setChoices((c) => ({ ...c, slot }));
                go('details');
              }}
            />
          )}
          {step === 'details' && choices.service && choices.slot && (
            <DetailsStep
              service={choices.service}
              slot={choices.slot}
              person={person}
              onPersonChange={setPerson}
              onBooked={(response) => {
                setBooking(response);
                setStep('done');
              }}
              onSlotLost={slotLost}
            />
          )}
        </>
      )}
    </div>
  );
}

function sameOffice(a: OfficeChoice | null, b: OfficeChoice): boolean {
  return a === b || (a !== null && a !== 'any' && b !== 'any' && a.id === b.id);
}
