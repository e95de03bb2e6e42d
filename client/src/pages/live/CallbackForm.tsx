import { CallbackRequest, type CallbackChannel, type LiveStatus } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { capitalize } from '../../i18n/format';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { useNow } from '../../ui/useNow';
import {
  callbackWindows,
  fromLocalField,
  MAX_DAYS_AHEAD,
  nextQuarter,
  toLocalField,
  type CallbackWindow,
  type WindowKey,
} from './callbackWindows';

type When = WindowKey | 'other';
type Field = 'phone' | 'from' | 'to';

interface CallbackFormProps {
  token: string;
  onSaved(status: LiveStatus): void;
  /** When changing a callback already asked for: a way back without changing it. */
  onCancel?(): void;
}

/** Be called back in a time window, by a video link by e-mail or by phone, keeping the place in line. */
export function CallbackForm({ token, onSaved, onCancel }: CallbackFormProps) {
  const { t, fmt, lang, failure: explain } = useI18n();
  const id = useId();
  const ids: Record<Field, string> = { phone: `${id}-phone`, from: `${id}-from`, to: `${id}-to` };
  const now = useNow(60_000);
  const windows = callbackWindows(now);
  const [channel, setChannel] = useState<CallbackChannel>('video_link');
  const [phone, setPhone] = useState('');
  const [when, setWhen] = useState<When>('hour');
  const [from, setFrom] = useState(() => toLocalField(nextQuarter(new Date())));
  const [to, setTo] = useState(() => toLocalField(new Date(nextQuarter(new Date()).getTime() + 3_600_000)));
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);

  const summary: SummaryItem[] = [
    ...(Object.entries(invalid) as [Field, string][]).map(([field, message]) => ({ fieldId: ids[field], message })),
    ...(problem ? [{ fieldId: null, message: problem }] : []),
  ];

  function fail(fields: Partial<Record<Field, string>>, message: string | null): void {
    setInvalid(fields);
    setProblem(message);
    setAttempt((n) => n + 1);
  }

  function windowLabel(w: CallbackWindow): string {
    const times = { from: fmt.time(w.from), to: fmt.time(w.to) };
    if (w.key === 'hour') return t('live.callback.when.hour');
    if (w.key === 'afternoon') return t('live.callback.when.afternoon', times);
    if (w.tomorrow) return t('live.callback.when.tomorrow', times);
    return capitalize(t('live.callback.when.dayMorning', { day: fmt.weekday(w.from), ...times }), lang);
  }

  /** The window asked for, or what is wrong with the fields of "another time". */
  function chosenWindow(): { from: string; to: string } | { problems: Partial<Record<Field, string>> } {
    if (when !== 'other') {
      const current = callbackWindows(new Date());
      const w = current.find((x) => x.key === when) ?? current[0]!;
      return { from: w.from, to: w.to };
    }
    const start = fromLocalField(from);
    const end = fromLocalField(to);
    const problems: Partial<Record<Field, string>> = {};
    if (!start) problems.from = t('live.callback.fromInvalid');
    else if (Date.parse(start) > Date.now() + MAX_DAYS_AHEAD * 86_400_000) problems.from = t('live.callback.tooFar');
    if (!end) problems.to = t('live.callback.toInvalid');
    else if (Date.parse(end) <= Date.now()) problems.to = t('live.callback.past');
    else if (start && Date.parse(end) <= Date.parse(start)) problems.to = t('live.callback.toBeforeFrom');
    return start && end && Object.keys(problems).length === 0 ? { from: start, to: end } : { problems };
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    const window = chosenWindow();
    const problems: Partial<Record<Field, string>> = 'problems' in window ? { ...window.problems } : {};
    const number = phone.trim();
    // The protocol's own schema checks the number, so the browser and the server agree on it.
    if (channel === 'phone' && !CallbackRequest.shape.phone.safeParse(number).success)
      problems.phone = number ? t('live.callback.phoneInvalid') : t('live.callback.phoneMissing');
    if ('problems' in window || problems.phone) {
      fail(problems, null);
      return;
    }
    const checked = CallbackRequest.safeParse({ channel, phone: channel === 'phone' ? number : null, from: window.from, to: window.to });
    if (!checked.success) {
      fail({}, t('live.callback.windowInvalid'));
      return;
    }
    setSending(true);
    try {
      onSaved(await api.liveCallback(token, checked.data));
    } catch (error) {
      const failure = toFailure(error);
      if (failure.code === 'validation_error') fail({}, t('live.callback.windowInvalid'));
      else if (failure.code === 'invalid_transition') fail({}, t('live.callback.tooLate'));
      else fail({}, explain(failure.code));
      setSending(false);
    }
  }

  return (
    <form className="live-callback__form" noValidate onSubmit={(event) => void submit(event)} data-testid="live-callback-form">
      <ErrorSummary items={summary} attempt={attempt} />
      <fieldset className="channel-choice">
        <legend>{t('live.callback.how')}</legend>
        <label>
          <input
            type="radio"
            name={`${id}-channel`}
            value="video_link"
            data-testid="live-callback-video"
            checked={channel === 'video_link'}
            onChange={() => setChannel('video_link')}
          />{' '}
          {t('live.callback.video')}
        </label>
        <label>
          <input
            type="radio"
            name={`${id}-channel`}
            value="phone"
            data-testid="live-callback-phone"
            checked={channel === 'phone'}
            onChange={() => setChannel('phone')}
          />{' '}
          {t('live.callback.phone')}
        </label>
      </fieldset>
      {channel === 'phone' && (
        <TextField
          id={ids.phone}
          data-testid="live-callback-number"
          label={t('live.callback.number')}
          hint={t('live.callback.numberHint')}
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          value={phone}
          maxLength={20}
          error={invalid.phone ?? null}
          onChange={(event) => setPhone(event.target.value)}
        />
      )}
      <fieldset className="channel-choice">
        <legend>{t('live.callback.when')}</legend>
        {windows.map((w) => (
          <label key={w.key}>
            <input
              type="radio"
              name={`${id}-when`}
              value={w.key}
              data-testid={`live-callback-when-${w.key}`}
              checked={when === w.key}
              onChange={() => setWhen(w.key)}
            />{' '}
            {windowLabel(w)}
          </label>
        ))}
        <label>
          <input
            type="radio"
            name={`${id}-when`}
            value="other"
            data-testid="live-callback-when-other"
            checked={when === 'other'}
            onChange={() => setWhen('other')}
          />{' '}
          {t('live.callback.when.other')}
        </label>
      </fieldset>
      {when === 'other' && (
        <div className="live-callback__other">
          <TextField
            id={ids.from}
            data-testid="live-callback-from"
            label={t('live.callback.from')}
            type="datetime-local"
            value={from}
            min={toLocalField(now)}
            error={invalid.from ?? null}
            onChange={(event) => setFrom(event.target.value)}
          />
          <TextField
            id={ids.to}
            data-testid="live-callback-to"
            label={t('live.callback.to')}
            type="datetime-local"
            value={to}
            min={from || toLocalField(now)}
            error={invalid.to ?? null}
            onChange={(event) => setTo(event.target.value)}
          />
        </div>
      )}
      <p className="hint">{t('live.callback.timesHint')}</p>
      <div className="actions">
        <button type="submit" className="button button--primary" data-testid="live-callback-submit" aria-disabled={sending}>
          {sending ? t('live.callback.sending') : t('live.callback.submit')}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('live.callback.keep')}
          </button>
        )}
      </div>
    </form>
  );
}
