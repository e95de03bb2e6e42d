import { useEffect, useId, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { DeviceChoice } from './useLocalMedia';

export interface DeviceSelection extends DeviceChoice {
  speakerId?: string;
}

/** Whether this browser can send sound to a chosen output (Chromium and Firefox do; Safari does not yet). */
export const canPickSpeaker = typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;

/** A short, quiet tone as a WAV file, made here: a speaker test needs no download. */
function testTone(): string {
  const rate = 22_050;
  const samples = Math.round(rate * 0.8);
  const buffer = new DataView(new ArrayBuffer(44 + samples * 2));
  const text = (offset: number, s: string) => [...s].forEach((c, i) => buffer.setUint8(offset + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  buffer.setUint32(4, 36 + samples * 2, true);
  text(8, 'WAVEfmt ');
  buffer.setUint32(16, 16, true);
  buffer.setUint16(20, 1, true);
  buffer.setUint16(22, 1, true);
  buffer.setUint32(24, rate, true);
  buffer.setUint32(28, rate * 2, true);
  buffer.setUint16(32, 2, true);
  buffer.setUint16(34, 16, true);
  text(36, 'data');
  buffer.setUint32(40, samples * 2, true);
  for (let i = 0; i < samples; i++) {
    const fade = Math.min(1, i / 800, (samples - i) / 800);
    const note = i < samples / 2 ? 523.25 : 659.25;
    buffer.setInt16(44 + i * 2, Math.round(Math.sin((2 * Math.PI * note * i) / rate) * 8000 * fade), true);
  }
  return URL.createObjectURL(new Blob([buffer.buffer], { type: 'audio/wav' }));
}

interface DevicePickersProps {
  selection: DeviceSelection;
  onChange(selection: DeviceSelection): void;
  /** Devices are listed by name only once the browser has been allowed to use them. */
  refreshKey: unknown;
}

/** Pick the camera, microphone and speaker, and hear a test sound through the speaker chosen. */
export function DevicePickers({ selection, onChange, refreshKey }: DevicePickersProps) {
  const { t } = useI18n();
  const id = useId();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [playing, setPlaying] = useState(false);
  const tone = useRef<string | null>(null);

  useEffect(() => {
    if (!navigator.mediaDevices?.enumerateDevices) return;
    const list = () => void navigator.mediaDevices.enumerateDevices().then(setDevices, () => setDevices([]));
    list();
    navigator.mediaDevices.addEventListener?.('devicechange', list);
    return () => navigator.mediaDevices.removeEventListener?.('devicechange', list);
  }, [refreshKey]);
  useEffect(() => () => void (tone.current && URL.revokeObjectURL(tone.current)), []);

  const of = (kind: MediaDeviceKind) => devices.filter((d) => d.kind === kind && d.deviceId);
  const picker = (kind: MediaDeviceKind, key: keyof DeviceSelection, label: string, testId: string) => {
    const options = of(kind);
    if (options.length < 1) return null;
    return (
      <div className="field">
        <label className="field__label" htmlFor={`${id}-${key}`}>
          {label}
        </label>
        <select
          id={`${id}-${key}`}
          className="field__input"
          data-testid={testId}
          value={selection[key] ?? ''}
          onChange={(e) => onChange({ ...selection, [key]: e.target.value || undefined })}
        >
          <option value="">{t('devices.default')}</option>
          {options.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || t('devices.unnamed', { n: i + 1 })}
            </option>
          ))}
        </select>
      </div>
    );
  };

  async function testSpeaker() {
    tone.current ??= testTone();
    const audio = new Audio(tone.current);
    const sink = audio as HTMLAudioElement & { setSinkId?(id: string): Promise<void> };
    if (selection.speakerId && sink.setSinkId) await sink.setSinkId(selection.speakerId).catch(() => undefined);
    setPlaying(true);
    audio.onended = () => setPlaying(false);
    await audio.play().catch(() => setPlaying(false));
  }

  return (
    <fieldset className="pickers">
      <legend>{t('devices.heading')}</legend>
      {picker('videoinput', 'videoId', t('devices.camera'), 'pick-camera')}
      {picker('audioinput', 'audioId', t('devices.microphone'), 'pick-microphone')}
      {canPickSpeaker && picker('audiooutput', 'speakerId', t('devices.speaker'), 'pick-speaker')}
      <button type="button" className="button button--secondary" data-testid="speaker-test" onClick={() => void testSpeaker()}>
        {playing ? t('devices.testPlaying') : t('devices.test')}
      </button>
    </fieldset>
  );
}
