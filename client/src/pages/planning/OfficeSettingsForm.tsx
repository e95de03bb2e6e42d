import type { Channel, OfficeSchedule, SchedulingChange } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { useFormSend } from './useFormSend';
import { isKnownTimeZone } from './zonedTime';
import { SaveActions } from './SelectField';

/** The zones a council's offices are likely in; the field takes any IANA name. */
const COMMON_ZONES = ['Europe/Madrid', 'Atlantic/Canary', 'Africa/Ceuta', 'Europe/Lisbon', 'Europe/London', 'Europe/Paris', 'UTC'];
const CHANNELS: { value: Channel; label: MessageKey }[] = [
  { value: 'video', label: 'planning.settings.channel.video' },
  { value: 'phone', label: 'planning.settings.channel.phone' },
  { value: 'in_person', label: 'planning.settings.channel.in_person' },
];
const ZONE_ID = 'settings-time-zone';
const CHANNELS_ID = 'settings-channel-video';

interface Props {
  officeId: string;
  schedule: OfficeSchedule;
  onChange(change: SchedulingChange): void;
}

export function OfficeSettingsForm({ officeId, schedule, onChange }: Props) {
  const { t, failure: explain } = useI18n();
  const listId = useId();
  const [timeZone, setTimeZone] = useState(schedule.office.timeZone);
  const [channels, setChannels] = useState<Channel[]>(schedule.office.channels);
  const [active, setActive] = useState(schedule.office.active);
  const [saved, setSaved] = useState(false);
  const form = useFormSend();

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    const zone = timeZone.trim();
    const problems = [
      ...(isKnownTimeZone(zone) ? [] : [{ fieldId: ZONE_ID, message: t('planning.settings.zoneInvalid') }]),
      ...(channels.length > 0 ? [] : [{ fieldId: CHANNELS_ID, message: t('planning.settings.channelsMissing') }]),
    ];
    if (problems.length > 0) {
      form.fail(problems);
      return;
    }
    const ok = await form.send(
      async () => onChange(await api.setOfficeSettings(officeId, { timeZone: zone, channels, active })),
      (failure) => [
        failure.code === 'unknown_time_zone'
          ? { fieldId: ZONE_ID, message: explain(failure.code) }
          : { fieldId: null, message: explain(failure.code) },
      ],
    );
    setSaved(ok);
  }

  const channelsError = form.fieldError(CHANNELS_ID);
  return (
    <form className="card planning-form" noValidate onSubmit={(event) => void submit(event)} data-testid="settings-form">
      <h3>{t('planning.settings.heading')}</h3>
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <TextField
        id={ZONE_ID}
        data-testid="settings-time-zone"
        label={t('planning.settings.zone')}
        hint={t('planning.settings.zoneHint')}
        list={listId}
        spellCheck={false}
        autoComplete="off"
        value={timeZone}
        error={form.fieldError(ZONE_ID)}
        onChange={(event) => {
          setTimeZone(event.target.value);
          setSaved(false);
        }}
      />
      <datalist id={listId}>
        {COMMON_ZONES.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <fieldset className={`planning-fieldset${channelsError ? ' field--error' : ''}`}>
        <legend className="field__label">{t('planning.settings.channels')}</legend>
        {channelsError && <p className="field__error">{channelsError}</p>}
        {CHANNELS.map(({ value, label }) => (
          <label key={value} className="checkbox">
            <input
              type="checkbox"
              id={value === 'video' ? CHANNELS_ID : undefined}
              data-testid={`settings-channel-${value}`}
              value={value}
              checked={channels.includes(value)}
              onChange={(event) => {
                setChannels(event.target.checked ? [...channels, value] : channels.filter((c) => c !== value));
                setSaved(false);
              }}
            />
            {t(label)}
          </label>
        ))}
      </fieldset>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="settings-active"
          checked={active}
          onChange={(event) => {
            setActive(event.target.checked);
            setSaved(false);
          }}
        />
        {t('planning.settings.active')}
      </label>
      <p className="hint">{t('planning.settings.activeHint')}</p>
      <SaveActions
        testId="settings-save"
        label={form.sending ? t('planning.sending') : t('planning.settings.save')}
        sending={form.sending}
        saved={saved ? t('planning.saved') : null}
      />
    </form>
  );
}
