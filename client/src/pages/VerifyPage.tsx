import type { VerifiedDocument } from '@oac/shared';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { saveBlob } from '../api/download';
import { api } from '../api/endpoints';
import { failureFromBody, toFailure, type Failure } from '../api/failure';
import { isAbort, routeUrl } from '../api/http';
import { useI18n, type I18n } from '../i18n/I18nProvider';
import { capitalize } from '../i18n/format';
import { navigate, useLocation } from '../router/history';
import { TextField } from '../ui/TextField';
import { useTitle } from '../ui/useTitle';
import { normaliseCode } from './verifyCode';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'found'; doc: VerifiedDocument }
  | { kind: 'failed'; failure: Failure }
  | { kind: 'malformed' };

/** What the result region says about a failed check: the wait the server asks for, when it says one. */
function failureText(i18n: I18n, failure: Failure): string {
  const wait = (failure.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (failure.code === 'rate_limited' && typeof wait === 'number') return i18n.t('verify.rateLimitedWait', { wait: i18n.fmt.wait(wait) });
  if (failure.code === 'validation_error') return i18n.t('verify.codeInvalid');
  return i18n.failure(failure.code);
}

/**
 * The public check of a document the office issued, by its verification code (CSV). The QR code
 * printed on each page opens `/verify?code=…`, which is checked at once. Only a code that checks
 * gives the download: the original is for whoever holds the paper, not for whoever guesses.
 */
export function VerifyPage() {
  const i18n = useI18n();
  const { t } = i18n;
  useTitle(t('verify.title'));
  const { search } = useLocation();
  const fromUrl = search.get('code') ?? '';
  const [input, setInput] = useState(fromUrl);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const running = useRef<AbortController | null>(null);

  async function check(raw: string): Promise<void> {
    const code = normaliseCode(raw);
    running.current?.abort();
    if (!code) {
      setOutcome({ kind: 'malformed' });
      return;
    }
    setInput(code);
    // The address names the code checked, so a reload or a shared link checks it again.
    if (code !== fromUrl) navigate(`/verify?code=${encodeURIComponent(code)}`, { replace: true });
    const controller = new AbortController();
    running.current = controller;
    setOutcome({ kind: 'checking' });
    try {
      const doc = await api.verifyDocument(code, controller.signal);
      setOutcome({ kind: 'found', doc });
    } catch (error) {
      if (!isAbort(error)) setOutcome({ kind: 'failed', failure: toFailure(error) });
    }
  }

  useEffect(() => {
    if (fromUrl) void check(fromUrl);
    return () => running.current?.abort();
    // Only the code the page opened with; later checks come from the form.
  }, []);

  function submit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    void check(input);
  }

  const fieldError = outcome.kind === 'malformed' ? t('verify.codeInvalid') : null;
  return (
    <div className="page page--narrow verify">
      <h1 tabIndex={-1}>{t('verify.title')}</h1>
      <p className="lead">{t('verify.lead')}</p>
      <form className="card verify__form" noValidate onSubmit={submit} role="search" aria-label={t('verify.title')}>
        <TextField
          id="verify-code"
          data-testid="verify-code"
          label={t('verify.code')}
          hint={t('verify.codeHint')}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          className="field__input verify__input"
          value={input}
          error={fieldError}
          onChange={(event) => setInput(event.target.value)}
        />
        <button type="submit" className="button button--primary" data-testid="verify-submit" aria-disabled={outcome.kind === 'checking'}>
          {outcome.kind === 'checking' ? t('verify.checking') : t('verify.check')}
        </button>
      </form>
      {/* Always in the page, so a screen reader announces what fills it: a sentence, not the fingerprints. */}
      <div className="verify__result" role="status" aria-live="polite" data-testid="verify-result" data-state={outcome.kind}>
        {outcome.kind === 'checking' && <p className="visually-hidden">{t('verify.checking')}</p>}
        {outcome.kind === 'found' && (
          <div className={`notice notice--${outcome.doc.deleted ? 'error' : 'success'}`} data-testid="verify-found">
            <p>{t('verify.found', { code: outcome.doc.code, name: outcome.doc.filename })}</p>
            {outcome.doc.deleted && <p data-testid="verify-deleted">{t('verify.deleted')}</p>}
          </div>
        )}
        {outcome.kind === 'failed' && (
          <div className="notice notice--error" data-testid="verify-failure" data-code={outcome.failure.code}>
            <p>{failureText(i18n, outcome.failure)}</p>
          </div>
        )}
      </div>
      {outcome.kind === 'found' && <VerifiedFacts doc={outcome.doc} />}
      <section className="verify__about" aria-labelledby="verify-about">
        <h2 id="verify-about">{t('verify.aboutHeading')}</h2>
        <p>{t('verify.aboutCsv')}</p>
        <h3>{t('verify.aboutShaHeading')}</h3>
        <p>{t('verify.aboutSha')}</p>
        <dl className="verify__commands">
          <dt>Windows (PowerShell)</dt>
          <dd>
            <code>Get-FileHash -Algorithm SHA256 document.pdf</code>
          </dd>
          <dt>macOS</dt>
          <dd>
            <code>shasum -a 256 document.pdf</code>
          </dd>
          <dt>Linux</dt>
          <dd>
            <code>sha256sum document.pdf</code>
          </dd>
        </dl>
      </section>
    </div>
  );
}

function VerifiedFacts({ doc }: { doc: VerifiedDocument }) {
  const { t, text, fmt, lang } = useI18n();
  const rows: { label: string; value: ReactNode; testId: string }[] = [
    { label: t('verify.document'), value: doc.filename, testId: 'verify-filename' },
    { label: t('verify.ticket'), value: doc.ticketNumber, testId: 'verify-ticket' },
    { label: t('verify.office'), value: text(doc.office), testId: 'verify-office' },
    { label: t('verify.issuer'), value: doc.issuer, testId: 'verify-issuer' },
    {
      label: t('verify.issuedAt'),
      value: <time dateTime={doc.issuedAt}>{capitalize(fmt.dateTime(doc.issuedAt), lang)}</time>,
      testId: 'verify-date',
    },
    { label: t('verify.sealed'), value: t(doc.sealed ? 'verify.sealedYes' : 'verify.sealedNo'), testId: 'verify-sealed' },
    { label: t('verify.size'), value: fmt.bytes(doc.sizeBytes), testId: 'verify-size' },
    { label: t('verify.sha256'), value: <code className="verify__hash">{doc.sha256}</code>, testId: 'verify-sha256' },
  ];
  return (
    <section className="card verify__facts" aria-labelledby="verify-result-heading" data-testid="verify-facts">
      <h2 id="verify-result-heading">{t('verify.resultHeading')}</h2>
      <dl className="facts">
        {rows.map((row) => (
          <div key={row.testId}>
            <dt>{row.label}</dt>
            <dd data-testid={row.testId}>{row.value}</dd>
          </div>
        ))}
      </dl>
      <h3 className="verify__versions-title">{t('verify.versions')}</h3>
      <ol className="verify__versions" data-testid="verify-versions">
        {doc.versions.map((v) => (
          <li key={v.version} data-testid="verify-version">
            <span>
              {t('verify.versionLine', {
                n: v.version,
                kind: t(`documents.kind.${v.kind}`),
                date: fmt.shortDateTime(v.createdAt),
              })}
            </span>
            <code className="verify__hash verify__hash--small">{v.sha256}</code>
          </li>
        ))}
      </ol>
      {!doc.deleted && <DownloadLink code={doc.code} filename={doc.filename} />}
    </section>
  );
}

/**
 * A real link, so it can be copied or opened elsewhere; a click fetches the bytes instead, so a
 * refusal (too many tries, the store away) is said on the page rather than saved as a file.
 */
function DownloadLink({ code, filename }: { code: string; filename: string }) {
  const i18n = useI18n();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const href = routeUrl('verifyDocumentContent', { params: { code } });

  async function download(): Promise<void> {
    if (busy) return;
    setBusy(true);
    setFailure(null);
    try {
      const response = await fetch(href, { credentials: 'omit' });
      if (!response.ok) {
        const body: unknown = await response.json().catch(() => null);
        throw failureFromBody(response.status, body);
      }
      saveBlob(await response.blob(), filename);
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="verify__download">
      <a
        className="button button--primary"
        href={href}
        download={filename}
        data-testid="verify-download"
        aria-disabled={busy || undefined}
        onClick={(event) => {
          event.preventDefault();
          void download();
        }}
      >
        {busy ? i18n.t('verify.downloading') : i18n.t('verify.download')}
      </a>
      {failure && (
        <div className="notice notice--error" role="alert" data-testid="verify-download-failure">
          <p>{failureText(i18n, failure)}</p>
        </div>
      )}
    </div>
  );
}
