import { LostLinkRequest } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../api/endpoints';
import { toFailure } from '../api/failure';
import { useI18n } from '../i18n/I18nProvider';
import { ErrorSummary, type SummaryItem } from '../ui/ErrorSummary';
import { Notice } from '../ui/Notice';
import { TextField } from '../ui/TextField';
import { useTitle } from '../ui/useTitle';

/**
 * A citizen who lost their private link asks for a new one with the ticket number and the e-mail
 * of the booking. The page says the same whether they matched or not: it must not tell a stranger
 * which tickets exist.
 */
export function LostLinkPage() {
  const { t, failure: explain } = useI18n();
  useTitle(t('lostLink.title'));
  const [ticket, setTicket] = useState('');
  const [email, setEmail] = useState('');
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);
  const [sent, setSent] = useState(false);

  const fieldError = (id: string) => problems.find((p) => p.fieldId === id)?.message ?? null;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    const checked = LostLinkRequest.safeParse({ ticketNumber: ticket, email: email.trim() });
    if (!checked.success) {
      const paths = new Set(checked.error.issues.map((issue) => issue.path[0]));
      setProblems([
        ...(paths.has('ticketNumber') ? [{ fieldId: 'lost-ticket', message: t('lostLink.ticketInvalid') }] : []),
        ...(paths.has('email') ? [{ fieldId: 'lost-email', message: t('booking.details.emailInvalid') }] : []),
      ]);
      setAttempt((n) => n + 1);
      return;
    }
    setSending(true);
    try {
      await api.lostLink(checked.data);
      setProblems([]);
      setSent(true);
    } catch (error) {
      setProblems([{ fieldId: null, message: explain(toFailure(error).code) }]);
      setAttempt((n) => n + 1);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="page page--narrow">
      <h1 tabIndex={-1}>{t('lostLink.title')}</h1>
      <p className="lead">{t('lostLink.lead')}</p>
      {sent ? (
        <Notice kind="success" testId="lost-link-sent">
          <p>{t('lostLink.sent')}</p>
        </Notice>
      ) : (
        <form className="card" noValidate onSubmit={(event) => void submit(event)}>
          <ErrorSummary items={problems} attempt={attempt} />
          <TextField
            id="lost-ticket"
            data-testid="lost-ticket"
            label={t('lostLink.ticket')}
            hint={t('lostLink.ticketHint')}
            autoComplete="off"
            spellCheck={false}
            value={ticket}
            error={fieldError('lost-ticket')}
            onChange={(event) => setTicket(event.target.value)}
          />
          <TextField
            id="lost-email"
            data-testid="lost-email"
            label={t('booking.details.email')}
            type="email"
            autoComplete="email"
            spellCheck={false}
            value={email}
            error={fieldError('lost-email')}
            onChange={(event) => setEmail(event.target.value)}
          />
          <button type="submit" className="button button--primary" data-testid="lost-link-submit" aria-disabled={sending}>
            {t('lostLink.submit')}
          </button>
        </form>
      )}
    </div>
  );
}
