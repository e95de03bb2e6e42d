import { LANGUAGES, LiveRequest, type CallMode, type Language, type LiveStatus, type Procedure } from '@oac/shared';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { isLanguage, languageNames } from '../../i18n/language';
import { Link } from '../../router/Link';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { TextField } from '../../ui/TextField';
import { personFieldsIn, usePersonProblems, type PersonField } from '../booking/usePersonProblems';
import { useLoad } from '../../ui/useLoad';

const fieldIds: Record<PersonField, string> = { name: 'live-name', email: 'live-email' };
const HEADING_ID = 'live-step-heading';

function focusHeading(): void {
  const heading = document.getElementById(HEADING_ID);
  heading?.focus({ preventScroll: true });
  heading?.scrollIntoView({ block: 'nearest' });
}

/** The two steps before the line: the procedure, then the name, e-mail and language of the call. */
export function AskForm({ onAsked }: { onAsked(token: string, status: LiveStatus): void }) {
  const [procedure, setProcedure] = useState<Procedure | null>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    focusHeading();
  }, [procedure]);
  return procedure ? (
    <DetailsForm procedure={procedure} onChange={() => setProcedure(null)} onAsked={onAsked} />
  ) : (
    <ProcedurePicker onChoose={setProcedure} />
  );
}

function ProcedurePicker({ onChoose }: { onChoose(procedure: Procedure): void }) {
  const { t, text } = useI18n();
  const { state, reload } = useLoad((signal) => api.procedures(signal), 'procedures');
  // By video, and at an office that attends it: the others cannot be attended now.
  const offered = state.status === 'ready' ? state.data.filter((p) => p.channels.includes('video') && p.offices.length > 0) : [];
  return (
    <fieldset className="step" data-testid="live-procedures">
      <legend>
        <h2 className="step-heading" id={HEADING_ID} tabIndex={-1}>
          {t('live.procedure.heading')}
        </h2>
      </legend>
      <p className="hint">{t('live.procedure.hint')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <FailureNotice failure={state.failure} onRetry={reload} />}
      {state.status === 'ready' && offered.length === 0 && (
        <Notice kind="info">
          <p>{t('live.procedure.none')}</p>
        </Notice>
      )}
      {offered.length > 0 && (
        <ul className="choice-list">
          {offered.map((p) => (
            <li key={p.id}>
              <button type="button" className="choice" data-testid={`live-service-${p.code}`} onClick={() => onChoose(p)}>
                <span className="choice__title">{text(p.name)}</span>
                <span className="choice__body">{text(p.description)}</span>
                <span className="choice__meta">{t('booking.service.duration', { minutes: p.durationMinutes })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="live-ask__book">
        {t('live.procedure.orBook')} <Link href="/">{t('live.bookInstead')}</Link>
      </p>
    </fieldset>
  );
}

interface DetailsFormProps {
  procedure: Procedure;
  onChange(): void;
  onAsked(token: string, status: LiveStatus): void;
}

function DetailsForm({ procedure, onChange, onAsked }: DetailsFormProps) {
  const { t, text, lang, failure: explain } = useI18n();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<Language>(lang);
  const [mode, setMode] = useState<CallMode>('video');
  const { summary, attempt, errorOf, fail } = usePersonProblems(fieldIds);
  const [sending, setSending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    const request = { serviceId: procedure.id, name: name.trim(), email: email.trim(), language, mode };
    // The protocol's own schema checks the form, so the browser and the server agree on what is valid.
    const checked = LiveRequest.safeParse(request);
    if (!checked.success) {
      fail(personFieldsIn(checked.error.issues), null);
      return;
    }
    setSending(true);
    try {
      const { token, status } = await api.liveRequest(checked.data);
      onAsked(token, status);
    } catch (error) {
      const failure = toFailure(error);
      const fields = failure.code === 'validation_error' ? personFieldsIn(failure.details) : new Set<PersonField>();
      const message =
        failure.code === 'booking_rate_limited'
          ? t('live.ask.rateLimited')
          : failure.code === 'service_not_offered'
            ? t('live.ask.notOffered')
            : explain(failure.code);
      fail(fields, fields.size > 0 ? null : message);
      setSending(false);
    }
  }

  return (
    <form className="step" noValidate onSubmit={(event) => void submit(event)} aria-labelledby={HEADING_ID} data-testid="live-ask">
      <dl className="choices">
        <div className="choices__row">
          <dt>{t('appointment.service')}</dt>
          <dd data-testid="live-chosen-procedure">{text(procedure.name)}</dd>
          <dd>
            <button type="button" className="link-button" data-testid="live-change-procedure" onClick={onChange}>
              {t('booking.change.service')}
            </button>
          </dd>
        </div>
      </dl>
      <h2 className="step-heading" id={HEADING_ID} tabIndex={-1}>
        {t('live.details.heading')}
      </h2>
      <ErrorSummary items={summary} attempt={attempt} />
      <ModeChoice mode={mode} onChange={setMode} />
      <p className="hint">{t('live.details.hint')}</p>
      <TextField
        id={fieldIds.name}
        data-testid="live-name"
        label={t('booking.details.name')}
        autoComplete="name"
        value={name}
        maxLength={120}
        error={errorOf('name')}
        onChange={(event) => setName(event.target.value)}
      />
      <TextField
        id={fieldIds.email}
        data-testid="live-email"
        label={t('booking.details.email')}
        hint={t('live.details.emailHint')}
        type="email"
        inputMode="email"
        autoComplete="email"
        spellCheck={false}
        value={email}
        maxLength={254}
        error={errorOf('email')}
        onChange={(event) => setEmail(event.target.value)}
      />
      <div className="field">
        <label className="field__label" htmlFor="live-language">
          {t('live.details.language')}
        </label>
        <select
          id="live-language"
          data-testid="live-language"
          className="live-ask__language"
          value={language}
          onChange={(event) => isLanguage(event.target.value) && setLanguage(event.target.value)}
        >
          {LANGUAGES.map((code) => (
            <option key={code} value={code} lang={code}>
              {languageNames[code]}
            </option>
          ))}
        </select>
      </div>
      <p className="hint">{mode === 'chat' ? t('live.details.keepOpenChat') : t('live.details.keepOpen')}</p>
      <button type="submit" className="button button--primary button--large" data-testid="live-submit" aria-disabled={sending}>
        {sending ? t('live.details.sending') : t('live.details.submit')}
      </button>
    </form>
  );
}

const MODES: { mode: CallMode; title: MessageKey; hint: MessageKey }[] = [
  { mode: 'video', title: 'live.mode.video', hint: 'live.mode.videoHint' },
  { mode: 'chat', title: 'live.mode.chat', hint: 'live.mode.chatHint' },
];

/** By video call, or chat help for someone stuck in an online procedure: the same line either way. */
function ModeChoice({ mode, onChange }: { mode: CallMode; onChange(mode: CallMode): void }) {
  const { t } = useI18n();
  return (
    <fieldset className="mode-choice" data-testid="live-mode">
      <legend className="mode-choice__legend">{t('live.mode.legend')}</legend>
      {MODES.map((m) => (
        <label key={m.mode} className={`mode-choice__option${mode === m.mode ? ' mode-choice__option--checked' : ''}`}>
          <input
            type="radio"
            name="live-mode"
            value={m.mode}
            data-testid={`live-mode-${m.mode}`}
            checked={mode === m.mode}
            aria-describedby={`live-mode-${m.mode}-hint`}
            onChange={() => onChange(m.mode)}
          />
          <span className="mode-choice__text">
            <span className="mode-choice__title">{t(m.title)}</span>
            <span className="mode-choice__hint" id={`live-mode-${m.mode}-hint`}>
              {t(m.hint)}
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
