import { useState } from 'react';
import { toFailure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import type { WaitingPeer } from './CallSession';
import { deviceProblems } from './devices';

interface WaitingListProps {
  waiting: WaitingPeer[];
  onAdmit(peerId: string): Promise<unknown>;
}

/** For the clerk: who waits in the lobby and since when, each with a button to let them in. */
export function WaitingList({ waiting, onAdmit }: WaitingListProps) {
  const { t, fmt, failure } = useI18n();
  const [problem, setProblem] = useState<string | null>(null);
  if (waiting.length === 0) return null;
  return (
    <section className="waiting-list card" aria-labelledby="waiting-heading" data-testid="waiting-list">
      <h2 id="waiting-heading">{t('waiting.heading')}</h2>
      <ul>
        {waiting.map((w) => (
          <li key={w.peerId} className="waiting-list__item">
            <span>
              <strong>{w.name}</strong> <span className="muted">{t('waiting.since', { time: fmt.time(w.since) })}</span>
              {deviceProblems(w.devices, t).map((p) => (
                <span key={p} className="badge badge--warning">
                  {p}
                </span>
              ))}
            </span>
            <button
              type="button"
              className="button button--primary"
              data-testid="admit-button"
              onClick={() => {
                setProblem(null);
                onAdmit(w.peerId).catch((e: unknown) => setProblem(failure(toFailure(e).code)));
              }}
            >
              {t('waiting.admit', { name: w.name })}
            </button>
          </li>
        ))}
      </ul>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
