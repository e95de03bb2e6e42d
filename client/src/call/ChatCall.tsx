import type { PeerRole } from '@oac/shared';
import { useId, useState, type ReactNode } from 'react';
import { toFailure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { Notice } from '../ui/Notice';
import { CameraIcon, LeaveIcon } from './icons';

interface ChatCallProps {
  selfRole: PeerRole;
  /** The chat itself, full size. */
  chat: ReactNode;
  /** The documents, beside it. */
  side: ReactNode;
  leaving: boolean;
  onLeave(): void;
  /** The clerk's one button: the server switches the call and tells both sides. */
  onSwitchToVideo(): Promise<unknown>;
}

/**
 * Chat help (issue 15): the call's own chat, full size, with no camera or microphone. Who is there
 * is said by the call's status above; the clerk may turn it into a video call.
 */
export function ChatCall({ selfRole, chat, side, leaving, onLeave, onSwitchToVideo }: ChatCallProps) {
  const { t, failure } = useI18n();
  const hintId = useId();
  const [switching, setSwitching] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const clerk = selfRole === 'clerk';

  async function switchToVideo(): Promise<void> {
    setSwitching(true);
    setProblem(null);
    try {
      await onSwitchToVideo();
    } catch (error) {
      setProblem(failure(toFailure(error).code));
      setSwitching(false);
    }
  }

  return (
    <div className="call__layout chat-call" data-testid="chat-call">
      <div className="chat-call__main">
        {chat}
        <div className="actions chat-call__actions">
          {clerk && (
            <button
              type="button"
              className="button button--primary"
              data-testid="switch-to-video"
              aria-describedby={hintId}
              aria-disabled={switching}
              onClick={() => !switching && void switchToVideo()}
            >
              <CameraIcon off={false} />
              <span>{t('call.chat.toVideo')}</span>
            </button>
          )}
          <button
            type="button"
            className="button button--secondary"
            data-testid="chat-leave"
            aria-disabled={leaving}
            onClick={() => !leaving && onLeave()}
          >
            <LeaveIcon />
            <span>{t('call.chat.leave')}</span>
          </button>
        </div>
        {clerk && (
          <p className="hint" id={hintId}>
            {t('call.chat.toVideoHint')}
          </p>
        )}
        {problem && (
          <Notice kind="error">
            <p>{problem}</p>
          </Notice>
        )}
      </div>
      <div className="call__side">{side}</div>
    </div>
  );
}
