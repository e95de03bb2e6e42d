import type { LiveDesk, LiveOffer } from '@oac/shared';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { Notice } from '../../ui/Notice';

/** A phone callback the clerk accepted: the number to call, then how it went. */
export function PhoneCallbackCard({ call, onDone }: { call: LiveOffer; onDone(desk: LiveDesk): void }) {
  const { t, text, failure: explain } = useI18n();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const phone = call.callback?.phone ?? '';

  async function done(outcome: 'reached' | 'not_reached'): Promise<void> {
    setBusy(true);
    setProblem(null);
    try {
      onDone(await api.liveCallbackDone(call.entryId, outcome));
    } catch (error) {
      setProblem(explain(toFailure(error).code));
      setBusy(false);
    }
  }

  return (
    <section className="live-offer live-offer--phone" aria-labelledby="live-phone-heading" data-testid="live-phone-call">
      <h3 id="live-phone-heading" ref={heading} tabIndex={-1}>
        {t('live.phone.heading', { name: call.citizenName })}
      </h3>
      <p>{text(call.service)}</p>
      <p className="live-offer__phone">
        <a href={`tel:${phone.replace(/\s+/g, '')}`} data-testid="live-phone-number">
          {phone}
        </a>
      </p>
      <p className="hint">{t('live.phone.hint')}</p>
      {problem && (
        <Notice kind="error">
          <p>{problem}</p>
        </Notice>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button--primary"
          data-testid="live-phone-reached"
          aria-disabled={busy}
          onClick={() => !busy && void done('reached')}
        >
          {t('live.phone.reached')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          data-testid="live-phone-not-reached"
          aria-disabled={busy}
          onClick={() => !busy && void done('not_reached')}
        >
          {t('live.phone.notReached')}
        </button>
      </div>
    </section>
  );
}
