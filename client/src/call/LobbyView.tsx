import type { LobbyInfo } from '@oac/shared';
import { useI18n } from '../i18n/I18nProvider';
import { LeaveIcon } from './icons';
import { SelfTile } from './SelfTile';

interface LobbyViewProps {
  lobby: LobbyInfo | null;
  stream: MediaStream | null;
  selfName: string;
  leaving: boolean;
  onLeave(): void;
}

/** The waiting room: what the clerk wants the citizen to know, where the clerk is, and the citizen's own picture. */
export function LobbyView({ lobby, stream, selfName, leaving, onLeave }: LobbyViewProps) {
  const { t } = useI18n();
  const presence = lobby?.clerk.presence ?? 'offline';
  return (
    <section className="lobby card" aria-labelledby="lobby-heading" data-testid="lobby">
      <h2 id="lobby-heading">{t('lobby.heading')}</h2>
      <p className="lobby__message" data-testid="lobby-message">
        {lobby?.message ?? t('lobby.defaultMessage')}
      </p>
      <p className={`lobby__presence lobby__presence--${presence}`} data-testid="lobby-presence" data-presence={presence}>
        <span className="lobby__presence-dot" aria-hidden="true" />
        {lobby?.clerk.name ? t(`lobby.presence.named.${presence}`, { name: lobby.clerk.name }) : t(`lobby.presence.${presence}`)}
      </p>
      <div className="lobby__self">
        <SelfTile stream={stream} selfName={selfName} />
      </div>
      <p className="muted">{t('lobby.keepOpen')}</p>
      <button
        type="button"
        className="button button--secondary"
        data-testid="leave-button"
        aria-disabled={leaving}
        onClick={() => !leaving && onLeave()}
      >
        <LeaveIcon />
        <span>{t('lobby.leave')}</span>
      </button>
    </section>
  );
}
