import type { InPersonResponse, Office, Slot, StaffAppointment } from '@oac/shared';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize } from '../../i18n/format';
import { FailureNotice } from '../../ui/FailureNotice';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';
import { SlotPicker } from '../booking/SlotStep';

/**
 * Habitatge et truca: after the advice call, the housing clerk books the citizen an in-person visit
 * at one of the housing offices, under the same ticket. The citizen gets the confirmation by mail.
 * Shown only where the procedure can be done in person somewhere.
 */
export function InPersonPanel({ appointment }: { appointment: StaffAppointment }) {
  const { t, text, fmt, lang } = useI18n();
  const { state } = useLoad((signal) => callOffices(appointment.id, signal), `in-person/${appointment.id}`);
  const [office, setOffice] = useState<Office | null>(null);
  const [slot, setSlot] = useState<Slot | null>(null);
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [done, setDone] = useState<InPersonResponse | null>(null);
  const [refresh, setRefresh] = useState(0);
  if (state.status !== 'ready' || state.data.length === 0) return null;
  const offices = state.data;

  async function confirm(): Promise<void> {
    if (!slot || sending) return;
    setSending(true);
    setFailure(null);
    try {
      setDone(await api.continueInPerson(appointment.id, slot.id));
    } catch (error) {
      setFailure(toFailure(error));
      setSlot(null);
      setRefresh((n) => n + 1);
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="card in-person" aria-labelledby="in-person-heading" data-testid="in-person-panel">
      <h2 id="in-person-heading">{t('inPerson.heading')}</h2>
      {done ? (
        <Notice kind="success" testId="in-person-done">
          <p>
            <strong>
              {t('inPerson.done', {
                when: capitalize(fmt.dateTime(done.appointment.startsAt), lang),
                office: text(done.appointment.office.name),
              })}
            </strong>
          </p>
          <p>{done.emailedTo ? t('inPerson.emailed', { email: done.emailedTo }) : t('inPerson.noMail')}</p>
        </Notice>
      ) : (
        <>
          <p className="hint">{t('inPerson.hint', { ticket: appointment.ticketNumber })}</p>
          <div className="field">
            <label htmlFor="in-person-office">{t('inPerson.office')}</label>
            <select
              id="in-person-office"
              data-testid="in-person-office"
              value={office?.id ?? ''}
              onChange={(e) => {
                setOffice(offices.find((o) => o.id === e.target.value) ?? null);
                setSlot(null);
              }}
            >
              <option value="">{t('inPerson.chooseOffice')}</option>
              {offices.map((o) => (
                <option key={o.id} value={o.id}>
                  {text(o.name)} · {o.address}
                </option>
              ))}
            </select>
          </div>
          {failure && <FailureNotice failure={failure} />}
          {office && (
            <SlotPicker serviceId={appointment.service.id} officeId={office.id} selected={slot} refresh={refresh} onChoose={setSlot} />
          )}
          {slot && (
            <div className="actions">
              <button
                type="button"
                className="button button--primary"
                data-testid="in-person-confirm"
                aria-disabled={sending}
                onClick={() => void confirm()}
              >
                {t('inPerson.confirm', { when: capitalize(fmt.dateTime(slot.startsAt), lang) })}
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}

function callOffices(id: string, signal: AbortSignal) {
  return api.inPersonOffices(id, signal);
}
