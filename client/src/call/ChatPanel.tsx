import { CHAT_MAX_LENGTH, type ChatMessage, type PeerRole } from '@oac/shared';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { toFailure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';

interface ChatPanelProps {
  messages: ChatMessage[];
  selfRole: PeerRole;
  onSend(text: string): Promise<void>;
  /** Shown above the form: why the chat is there. */
  hint?: string;
  /** The whole call (chat help), rather than a panel beside the video. */
  full?: boolean;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g;

/**
 * Plain text, with a link made clickable only when it points to the platform itself: a link from
 * anyone else stays text that cannot be clicked by mistake (issue 13).
 */
export function ChatText({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    if (index > last) parts.push(text.slice(last, index));
    const own = URL.canParse(match[0]) && new URL(match[0]).origin === window.location.origin;
    parts.push(
      own ? (
        <a key={index} href={match[0]}>
          {match[0]}
        </a>
      ) : (
        <span key={index} className="chat__foreign-link">
          {match[0]}
        </span>
      ),
    );
    last = index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return <>{parts}</>;
}

/**
 * The call's text chat, in the lobby and in the call: the real-time text EN 301 549 asks for next to
 * voice. New messages from the other side are announced to screen readers (role=log is polite).
 */
export function ChatPanel({ messages, selfRole, onSend, hint, full = false }: ChatPanelProps) {
  const { t, fmt, failure } = useI18n();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const inputId = useId();

  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'nearest' });
  }, [messages.length]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const body = text.trim();
    if (!body || sending) return;
    setSending(true);
    setProblem(null);
    try {
      await onSend(body);
      setText('');
    } catch (error) {
      setProblem(failure(toFailure(error).code));
    } finally {
      setSending(false);
    }
  }

  return (
    <section className={`chat card${full ? ' chat--full' : ''}`} aria-labelledby={`${inputId}-heading`} data-testid="chat">
      <h2 id={`${inputId}-heading`}>{t('chat.heading')}</h2>
      <ol className="chat__messages" ref={list} role="log" aria-live="polite" aria-relevant="additions" data-testid="chat-messages">
        {messages.length === 0 && <li className="muted chat__empty">{t('chat.empty')}</li>}
        {messages.map((m) => (
          <li key={m.id} className={`chat__message${m.role === selfRole ? ' chat__message--mine' : ''}`} data-testid="chat-message">
            <span className="chat__meta">
              <span className="chat__author">{m.role === selfRole ? t('call.you') : m.name}</span>{' '}
              <time dateTime={m.sentAt}>{fmt.time(m.sentAt)}</time>
            </span>
            <span className="chat__text">
              <ChatText text={m.text} />
            </span>
          </li>
        ))}
      </ol>
      {hint && <p className="muted">{hint}</p>}
      <form className="chat__form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={inputId} className="visually-hidden">
          {t('chat.label')}
        </label>
        <input
          id={inputId}
          className="field__input"
          data-testid="chat-input"
          value={text}
          maxLength={CHAT_MAX_LENGTH}
          autoComplete="off"
          placeholder={t('chat.placeholder')}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="button button--primary" data-testid="chat-send" aria-disabled={sending || !text.trim()}>
          {t('chat.send')}
        </button>
      </form>
      {problem && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
