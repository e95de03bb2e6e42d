import type { WaitRange } from '@oac/shared';
import { councilDay } from '../../i18n/format';
import type { I18n } from '../../i18n/I18nProvider';

/** "about 5–10 minutes", "up to 2 minutes", "about 1–2 hours"; null when nobody attends the line now. */
export function waitText(wait: WaitRange | null, { t }: Pick<I18n, 't'>): string | null {
  if (!wait || wait.basis === 'no_agents') return null;
  const { lowMinutes: low, highMinutes: high } = wait;
  if (high >= 120) {
    const from = Math.max(1, Math.floor(low / 60));
    const to = Math.max(from + 1, Math.ceil(high / 60));
    return t('live.wait.hours', { low: from, high: to });
  }
  if (low <= 0) return high <= 1 ? t('live.wait.underOne') : t('live.wait.upTo', { high });
  return t('live.wait.minutes', { low, high });
}

/** A callback's window, to go inside a sentence: "Tuesday 10 March, 15:00–19:00", or both ends across days. */
export function windowText(from: string, to: string, { fmt }: Pick<I18n, 'fmt'>): string {
  if (councilDay(from) === councilDay(to)) return `${fmt.day(from)}, ${fmt.time(from)}–${fmt.time(to)}`;
  return `${fmt.shortDateTime(from)} – ${fmt.shortDateTime(to)}`;
}
