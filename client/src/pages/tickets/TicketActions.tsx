import type { StaffTicketAction, StaffUser } from '@oac/shared';
import { useRef, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { Notice } from '../../ui/Notice';
import type { TicketPanelProps } from './TicketPage';
import { useTicketFailure } from './ticketFailure';

/** The steps forward: the button of an action is primary; waiting and reopening are secondary. */
const PRIMARY: ReadonlySet<StaffTicketAction> = new Set(['take', 'resolve', 'close']);

/**
 * The state machine's actions that can succeed now, as the server lists them (it knows who owns the
 * ticket); closing, which cannot be undone, asks first. After a change, focus goes to the heading and
 * the new state is read out, since the button pressed may be gone.
 */
export function TicketActions({ ticket, onChanged, refresh, user }: TicketPanelProps & { user: StaffUser }) {
  const { t } = useI18n();
  const explain = useTicketFailure();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState('');
  const [confirmClose, setConfirmClose] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const someoneElse = ticket.owner && ticket.owner.id !== user.id ? ticket.owner : null;

  async function act(action: StaffTicketAction): Promise<void> {
    if (busy) return;
    setBusy(true);
    setProblem(null);
    setDone('');
    try {
      const updated = await api.ticketAction(ticket.id, action);
      onChanged(updated);
      setConfirmClose(false);
      setDone(t('tickets.action.done', { status: t(`tickets.status.${updated.status}`) }));
      heading.current?.focus();
    } catch (error) {
      const failure = toFailure(error);
      setProblem(explain(failure));
      if (failure.code === 'invalid_transition' || failure.code === 'forbidden') refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card ticket-actions" aria-labelledby="ticket-actions-heading" data-testid="ticket-actions">
      <h2 id="ticket-actions-heading" tabIndex={-1} ref={heading}>
        {t('tickets.actions.heading')}
      </h2>
      {!ticket.canChange && (
        <Notice kind="info" live={false} testId="ticket-read-only">
          <p>{t(user.role === 'clerk' ? 'tickets.detail.notInvolved' : 'tickets.detail.readOnly')}</p>
        </Notice>
      )}
      {ticket.canChange && ticket.actions.length === 0 && (
        <p className="muted">{someoneElse ? t('tickets.detail.notOwner', { name: someoneElse.name }) : t('tickets.actions.none')}</p>
      )}
      {problem && (
        <Notice kind="error">
          <p>{problem}</p>
        </Notice>
      )}
      {ticket.actions.length > 0 && !confirmClose && (
        <div className="actions ticket-actions__buttons">
          {ticket.actions.map((action) => (
            <button
              key={action}
              type="button"
              className={`button ${PRIMARY.has(action) ? 'button--primary' : 'button--secondary'}`}
              data-testid={`ticket-action-${action}`}
              aria-disabled={busy}
              onClick={() => (action === 'close' ? setConfirmClose(true) : void act(action))}
            >
              {t(`tickets.action.${action}`)}
            </button>
          ))}
        </div>
      )}
      {confirmClose && (
        <div className="confirm" role="group" aria-labelledby="ticket-close-question">
          <p id="ticket-close-question">
            <strong>{t('tickets.action.closeQuestion')}</strong>
          </p>
          <div className="actions">
            <button
              type="button"
              className="button button--primary"
              data-testid="ticket-close-confirm"
              aria-disabled={busy}
              onClick={() => void act('close')}
            >
              {t('tickets.action.closeYes')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirmClose(false)}>
              {t('tickets.action.closeNo')}
            </button>
          </div>
        </div>
      )}
      {ticket.actions.includes('wait_citizen') && <p className="hint ticket-actions__hint">{t('tickets.action.pauseHint')}</p>}
      <p role="status" className="planning-form__saved ticket-actions__done" data-testid="ticket-action-done">
        {done}
      </p>
    </section>
  );
}
