import type { DeviceStatus, Devices } from '@oac/shared';
import type { MessageKey } from '../i18n/messages';

/** What the other party should be told of a camera or microphone that could not be used: "no microphone", not "muted". */
export function deviceProblems(devices: Devices, t: (key: MessageKey) => string): string[] {
  const problems: string[] = [];
  if (devices.audio !== 'ok') problems.push(t(`device.audio.${devices.audio as Exclude<DeviceStatus, 'ok'>}`));
  if (devices.video !== 'ok') problems.push(t(`device.video.${devices.video as Exclude<DeviceStatus, 'ok'>}`));
  return problems;
}
