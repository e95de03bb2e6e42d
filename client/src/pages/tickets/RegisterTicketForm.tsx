import { LANGUAGES, ManualTicketChannel, type Language, type TicketDetail } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import type { Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { languageNames } from '../../i18n/language';
import { navigate } from '../../router/history';
import { Link } from '../../router/Link';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { SelectField } from '../planning/SelectField';
import { pathsIn, useFormSend } from '../planning/useFormSend';
import { ProcedureSelect } from './ProcedureSelect';
import { useTicketFailure } from './ticketFailure';

export const REGISTER_HEADING_ID = 'register-heading';
const IDS = {
  channel: 'register-channel-phone',
  procedure: 'register-procedure',
  subject: 'register-subject',
  name: 'register-name',
  email: 'register-email',
  phone: 'register-phone',
  language: 'register-language',
} as const;

const NAME = /^\p{L}[\p{L}\p{M} '’.·-]*$/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9 ]{6,20}$/;

/**
 * A contact that came in by phone, at the desk, by e-mail or chat, registered as a ticket. The
 * clerk who attends the citizen now takes it at once and lands on it; otherwise it waits in its queue.
 */
export function RegisterTicketForm({ onRegistered }: { onRegistered(): void }) {
  const { t, lang } = useI18n();
  const explainTicket = useTicketFailure();
  const [channel, setChannel] = useState<ManualTicketChannel>('phone');
  const [serviceId, setServiceId] = useState('');
  const [subject, setSubject] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [language, setLanguage] = useState<Language>(lang);
  const [take, setTake] = useState(true);
  const [registered, setRegistered] = useState<TicketDetail | null>(null);
  const form = useFormSend();

  function check(): SummaryItem[] {
    const problems: SummaryItem[] = [];
    if (!subject.trim()) problems.push({ fieldId: IDS.subject, message: t('tickets.register.subjectMissing') });
    const n = name.trim();
    if (n.length < 2 || !NAME.test(n)) problems.push({ fieldId: IDS.name, message: t('tickets.register.nameInvalid') });
    if (email.trim() && !EMAIL.test(email.trim())) problems.push({ fieldId: IDS.email, message: t('tickets.register.emailInvalid') });
    if (phone.trim() && !PHONE.test(phone.trim())) problems.push({ fieldId: IDS.phone, message: t('tickets.register.phoneInvalid') });
    if (!email.trim() && !phone.trim()) problems.push({ fieldId: IDS.email, message: t('tickets.register.contactMissing') });
    return problems;
  }

  function explainFailure(failure: Failure): SummaryItem[] {
    if (failure.code === 'validation_error') {
      const paths = pathsIn(failure.details);
      const items: SummaryItem[] = [];
      if (paths.has('serviceId')) items.push({ fieldId: IDS.procedure, message: t('tickets.register.procedureUnknown') });
      if (paths.has('subject')) items.push({ fieldId: IDS.subject, message: t('tickets.register.subjectMissing') });
      if (paths.has('citizenName')) items.push({ fieldId: IDS.name, message: t('tickets.register.nameInvalid') });
      if (paths.has('citizenEmail'))
        items.push({ fieldId: IDS.email, message: t(email.trim() ? 'tickets.register.emailInvalid' : 'tickets.register.contactMissing') });
      if (paths.has('citizenPhone')) items.push({ fieldId: IDS.phone, message: t('tickets.register.phoneInvalid') });
      if (items.length) return items;
    }
    if (failure.code === 'service_not_offered') return [{ fieldId: IDS.procedure, message: t('tickets.register.procedureUnknown') }];
    return [{ fieldId: null, message: explainTicket(failure) }];
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    setRegistered(null);
    const problems = check();
    if (problems.length) {
      form.fail(problems);
      return;
    }
    const result: { ticket?: TicketDetail } = {};
    const ok = await form.send(async () => {
      result.ticket = await api.registerTicket({
        channel,
        serviceId: serviceId || null,
        subject: subject.trim(),
        citizenName: name.trim(),
        citizenEmail: email.trim() || null,
        citizenPhone: phone.trim() || null,
        language,
        take,
      });
    }, explainFailure);
    const ticket = result.ticket;
    if (!ok || !ticket) return;
    // Attending the citizen now: straight to the ticket. Otherwise the form is ready for the next contact.
    if (take) {
      navigate(`/staff/tickets/${ticket.id}`);
      return;
    }
    setRegistered(ticket);
    onRegistered();
    setSubject('');
    setName('');
    setEmail('');
    setPhone('');
    setServiceId('');
  }

  return (
    <section className="tickets__register" aria-labelledby={REGISTER_HEADING_ID}>
      <form className="card planning-form ticket-form" noValidate onSubmit={(event) => void submit(event)} data-testid="register-form">
        <h2 id={REGISTER_HEADING_ID} tabIndex={-1}>
          {t('tickets.register.heading')}
        </h2>
        <p className="hint">{t('tickets.register.hint')}</p>
        <ErrorSummary items={form.problems} attempt={form.attempt} />
        <div role="status" className="ticket-form__done">
          {registered && (
            <p>
              {t('tickets.register.done', { number: registered.number })}{' '}
              <Link href={`/staff/tickets/${registered.id}`} data-testid="register-open">
                {t('tickets.register.open', { number: registered.number })}
              </Link>
            </p>
          )}
        </div>
        <fieldset className="channel-choice ticket-form__channels">
          <legend>{t('tickets.register.channel')}</legend>
          {ManualTicketChannel.options.map((c) => (
            <label key={c}>
              <input
                type="radio"
                name="register-channel"
                id={`register-channel-${c}`}
                value={c}
                data-testid={`register-channel-${c}`}
                checked={channel === c}
                onChange={() => setChannel(c)}
              />{' '}
              {t(`tickets.channel.${c}`)}
            </label>
          ))}
        </fieldset>
        <ProcedureSelect
          id={IDS.procedure}
          label={t('tickets.field.procedure')}
          hint={t('tickets.register.procedureHint')}
          error={form.fieldError(IDS.procedure)}
          value={serviceId}
          onChange={setServiceId}
        />
        <TextField
          id={IDS.subject}
          data-testid="register-subject"
          autoComplete="off"
          maxLength={200}
          label={t('tickets.field.subject')}
          hint={t('tickets.register.subjectHint')}
          value={subject}
          error={form.fieldError(IDS.subject)}
          onChange={(e) => setSubject(e.target.value)}
        />
        <TextField
          id={IDS.name}
          data-testid="register-name"
          autoComplete="off"
          maxLength={120}
          label={t('tickets.register.name')}
          value={name}
          error={form.fieldError(IDS.name)}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="planning-fieldset ticket-form__contact">
          <legend className="field__label">{t('tickets.register.contact')}</legend>
          <p className="field__hint">{t('tickets.register.contactHint')}</p>
          <TextField
            id={IDS.email}
            data-testid="register-email"
            type="email"
            autoComplete="off"
            spellCheck={false}
            maxLength={254}
            label={t('tickets.field.email')}
            value={email}
            error={form.fieldError(IDS.email)}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            id={IDS.phone}
            data-testid="register-phone"
            type="tel"
            autoComplete="off"
            maxLength={21}
            label={t('tickets.field.phone')}
            value={phone}
            error={form.fieldError(IDS.phone)}
            onChange={(e) => setPhone(e.target.value)}
          />
        </fieldset>
        <SelectField id={IDS.language} label={t('tickets.register.language')} error={null}>
          <select
            id={IDS.language}
            data-testid="register-language"
            value={language}
            onChange={(e) => setLanguage(e.target.value as Language)}
          >
            {LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {languageNames[code]}
              </option>
            ))}
          </select>
        </SelectField>
        <label className="checkbox">
          <input type="checkbox" data-testid="register-take" checked={take} onChange={(e) => setTake(e.target.checked)} />
          {t('tickets.register.take')}
        </label>
        <div className="actions">
          <button type="submit" className="button button--primary" data-testid="register-submit" aria-disabled={form.sending}>
            {form.sending ? t('tickets.register.sending') : t('tickets.register.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
