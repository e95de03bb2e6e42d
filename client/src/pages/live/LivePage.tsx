import type { LiveStatus } from '@oac/shared';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate, useLocation } from '../../router/history';
import { useTitle } from '../../ui/useTitle';
import { AskForm } from './AskForm';
import { isLiveToken, storedLiveToken, storeLiveToken } from './liveToken';
import { WaitingPage } from './WaitingPage';

function decodeHash(hash: string): string {
  try {
    return decodeURIComponent(hash);
  } catch {
    return '';
  }
}

/**
 * "Attend me now" (issue 15): pick a procedure, say who you are, and wait in its queue by video.
 * A `/live#<token>` address is taken into this tab's storage and leaves the address bar at once.
 */
export function LivePage() {
  const { hash } = useLocation();
  const [token, setToken] = useState<string | null>(() => {
    const fromHash = decodeHash(hash);
    if (isLiveToken(fromHash)) {
      storeLiveToken(fromHash);
      return fromHash;
    }
    return storedLiveToken();
  });
  const [first, setFirst] = useState<LiveStatus | null>(null);
  useEffect(() => {
    if (hash) navigate('/live', { replace: true });
  }, [hash]);

  if (!token)
    return (
      <AskPage
        onAsked={(newToken, status) => {
          storeLiveToken(newToken);
          setFirst(status);
          setToken(newToken);
        }}
      />
    );
  return (
    <WaitingPage
      token={token}
      first={first}
      onAskAgain={() => {
        storeLiveToken(null);
        setFirst(null);
        setToken(null);
      }}
    />
  );
}

function AskPage({ onAsked }: { onAsked(token: string, status: LiveStatus): void }) {
  const { t } = useI18n();
  useTitle(t('live.title'));
  return (
    <div className="page page--narrow">
      <h1 id="live-title" tabIndex={-1}>
        {t('live.title')}
      </h1>
      <p className="lead">{t('live.lead')}</p>
      <AskForm onAsked={onAsked} />
    </div>
  );
}
