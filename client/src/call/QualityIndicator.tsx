import { useI18n } from '../i18n/I18nProvider';
import type { Quality } from './quality';

/** Our own connection, from getStats: a level anyone can read, and the numbers for whoever asks. */
export function QualityIndicator({ quality }: { quality: Quality | null }) {
  const { t } = useI18n();
  if (!quality) return null;
  const details = t('quality.details', {
    up: quality.sendKbps,
    down: quality.recvKbps,
    loss: quality.lossPercent,
    rtt: quality.rttMs ?? '–',
  });
  return (
    <p className={`quality quality--${quality.level}`} data-testid="quality" data-level={quality.level} title={details}>
      <span className="quality__bars" aria-hidden="true">
        <span />
        <span />
        <span />
      </span>
      <span>{t(`quality.${quality.level}`)}</span>
      <span className="visually-hidden">{details}</span>
    </p>
  );
}
