import type { LiveOffer } from '@oac/shared';
import { useEffect, useMemo, useRef } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { languageNames } from '../../i18n/language';
import { useNow } from '../../ui/useNow';
import { windowText } from './liveText';

interface OfferCardProps {
  offer: LiveOffer;
  busy: boolean;
  onAccept(): void;
  onDecline(): void;
}

/** The citizen offered to the clerk: who, what, how long they waited, and how long is left to answer. */
export function OfferCard({ offer, busy, onAccept, onDecline }: OfferCardProps) {
  const { t, text, fmt } = useI18n();
  const now = useNow(1_000);
  // When this figure of the wait came: each ask of the desk brings a new one.
  const receivedAt = useMemo(() => Date.now(), [offer.waitedSeconds]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
    heading.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  const left = Math.max(0, Math.ceil((Date.parse(offer.expiresAt) - now.getTime()) / 1000));
  // The wait as the server counted it, going on while the card shows.
  const waited = offer.waitedSeconds + Math.max(0, Math.round((now.getTime() - receivedAt) / 1000));
  const callback = offer.callback;
  const phone = callback?.channel === 'phone';
  const chat = offer.mode === 'chat';

  return (
    <section
      className={`live-offer live-offer--${offer.priority}`}
      aria-labelledby="live-offer-heading"
      data-testid="live-offer"
      data-entry-id={offer.entryId}
    >
      <p className="visually-hidden" role="alert">
        {t(chat ? 'live.offer.alertChat' : 'live.offer.alert', { name: offer.citizenName, service: text(offer.service) })}
      </p>
      <h3 id="live-offer-heading" ref={heading} tabIndex={-1}>
        {phone ? t('live.offer.headingPhone') : chat ? t('live.offer.headingChat') : t('live.offer.heading')}
      </h3>
      <p className="live-offer__who" data-testid="live-offer-name">
        {offer.citizenName}
      </p>
      <dl className="live-offer__facts">
        <div>
          <dt>{t('live.mode.label')}</dt>
          <dd data-testid="live-offer-mode" data-mode={offer.mode}>
            {chat ? t('live.mode.chat') : t('live.mode.video')}
          </dd>
        </div>
        <div>
          <dt>{t('appointment.service')}</dt>
          <dd>{text(offer.service)}</dd>
        </div>
        <div>
          <dt>{t('live.queue')}</dt>
          <dd>{text(offer.queue)}</dd>
        </div>
        <div>
          <dt>{t('live.offer.priority')}</dt>
          <dd>
            <span className={`badge live-priority live-priority--${offer.priority}`}>{t(`live.priority.${offer.priority}`)}</span>
          </dd>
        </div>
        <div>
          <dt>{t('live.offer.waited')}</dt>
          <dd>{fmt.wait(waited)}</dd>
        </div>
        <div>
          <dt>{t('appointment.language')}</dt>
          <dd>{languageNames[offer.language]}</dd>
        </div>
        <div>
          <dt>{t('appointment.ticket')}</dt>
          <dd>{offer.ticketNumber}</dd>
        </div>
        {callback && (
          <div>
            <dt>{t('live.offer.callback')}</dt>
            <dd>
              {t(phone ? 'live.offer.callbackPhone' : 'live.offer.callbackVideo', {
                // A number never breaks across lines.
                phone: (callback.phone ?? '').replace(/ /g, '\u00a0'),
                window: windowText(callback.from, callback.to, { fmt }),
              })}
            </dd>
          </div>
        )}
      </dl>
      <p className="live-offer__countdown" data-testid="live-offer-countdown">
        {left > 0 ? t('live.offer.countdown', { seconds: left }) : t('live.offer.expiring')}
      </p>
      <div className="actions">
        <button
          type="button"
          className="button button--primary button--large"
          data-testid="live-accept"
          aria-disabled={busy}
          onClick={() => !busy && onAccept()}
        >
          {phone ? t('live.offer.acceptPhone') : chat ? t('live.offer.acceptChat') : t('live.offer.accept')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          data-testid="live-decline"
          aria-disabled={busy}
          onClick={() => !busy && onDecline()}
        >
          {t('live.offer.decline')}
        </button>
      </div>
      <p className="hint">{t('live.offer.declineHint')}</p>
    </section>
  );
}
