import { LoginRequest } from '@oac/shared';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate, useLocation } from '../../router/history';
import { ErrorSummary, type SummaryItem } from '../../ui/ErrorSummary';
import { TextField } from '../../ui/TextField';
import { useTitle } from '../../ui/useTitle';

/** Only staff pages are valid destinations after login; anything else could send a clerk off-site. */
function safeNext(next: string | null): string {
  return next && /^\/staff(\/|$|\?)/.test(next) ? next : '/staff';
}

export function StaffLoginPage() {
  const { t, fmt, failure: explain } = useI18n();
  useTitle(t('login.title'));
  const { search } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<SummaryItem[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [sending, setSending] = useState(false);

  const fieldError = (id: string) => problems.find((p) => p.fieldId === id)?.message ?? null;

  function fail(items: SummaryItem[]): void {
    setProblems(items);
    setAttempt((n) => n + 1);
  }

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (sending) return;
    const checked = LoginRequest.safeParse({ email: email.trim(), password });
    if (!checked.success) {
      const paths = new Set(checked.error.issues.map((issue) => issue.path[0]));
      fail([
        ...(paths.has('email') ? [{ fieldId: 'login-email', message: t('login.emailInvalid') }] : []),
        ...(paths.has('password') ? [{ fieldId: 'login-password', message: t('login.passwordMissing') }] : []),
      ]);
      return;
    }
    setSending(true);
    try {
      await api.login(checked.data);
      navigate(safeNext(search.get('next')));
    } catch (error) {
      setPassword('');
      const failure = toFailure(error);
      // The wait the server asks for, so the page never says "a minute" for a quarter of an hour.
      const wait = (failure.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      const message =
        failure.code === 'rate_limited' && typeof wait === 'number'
          ? t('login.lockedOut', { wait: fmt.wait(wait) })
          : explain(failure.code);
      fail([{ fieldId: null, message }]);
    } finally {
      setSending(false);
    }
  }

  return (
    <div className="page page--narrow">
      <h1 tabIndex={-1}>{t('login.title')}</h1>
      <p className="lead">{t('login.lead')}</p>
      <form className="card" noValidate onSubmit={(event) => void submit(event)}>
        <ErrorSummary items={problems} attempt={attempt} />
        <TextField
          id="login-email"
          data-testid="login-email"
          label={t('login.email')}
          type="email"
          autoComplete="username"
          spellCheck={false}
          value={email}
          error={fieldError('login-email')}
          onChange={(event) => setEmail(event.target.value)}
        />
        <TextField
          id="login-password"
          data-testid="login-password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          error={fieldError('login-password')}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button button--primary" data-testid="login-submit" aria-disabled={sending}>
          {sending ? t('login.sending') : t('login.submit')}
        </button>
      </form>
    </div>
  );
}
