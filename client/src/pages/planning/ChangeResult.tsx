import type { SchedulingChange } from '@oac/shared';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { dayInZone } from '../../i18n/format';
import { Link } from '../../router/Link';
import { planningHref, type PlanningQuery } from './planningUrl';
import { useOfficeFormat } from './useOfficeFormat';

interface ChangeResultProps {
  /** The answer of the last change, with a counter so that two equal answers are still two changes. */
  change: { result: SchedulingChange; serial: number } | null;
  query: PlanningQuery;
  timeZone: string;
  /** The bookings still to resolve, once the conflicts are fresh; null while they load. */
  open: ReadonlySet<string> | null;
  onDismiss(): void;
}

/**
 * What the last change did: the slots it made or removed, and above all the bookings it left without
 * an open office or a clerk, each with the way to it. Always in the page, so that its polite live
 * region exists before it is filled; empty, it takes no room.
 */
export function ChangeResult({ change, query, timeZone, open, onDismiss }: ChangeResultProps) {
  const { t, text } = useI18n();
  const fmt = useOfficeFormat(timeZone);
  const heading = useRef<HTMLHeadingElement>(null);
  const affected = change?.result.affected ?? [];
  const serial = change?.serial ?? 0;

  useEffect(() => {
    // Stranded bookings are the one thing the planner must not miss: bring them into view.
    if (affected.length > 0) heading.current?.focus();
  }, [serial, affected.length]);

  const slots = change?.result.slots;
  // Moved or cancelled since (here or on the board): still listed, marked as done.
  const resolved = (id: string) => open !== null && !open.has(id);
  const pending = affected.filter((a) => !resolved(a.id)).length;
  const kind = pending > 0 ? 'attention' : 'ok';
  return (
    <div className={change ? `change-result change-result--${kind}` : 'change-result'} role="status" data-testid="change-result">
      {change && slots && (
        <>
          <h2 className="change-result__title" tabIndex={-1} ref={heading}>
            {affected.length === 0 && t('planning.change.saved')}
            {affected.length > 0 && pending === 0 && t('planning.change.allResolved')}
            {pending > 0 && t(pending === 1 ? 'planning.change.affectedOne' : 'planning.change.affectedMany', { count: pending })}
          </h2>
          {pending > 0 && <p>{t('planning.change.affectedHint')}</p>}
          {affected.length > 0 && (
            <ul className="affected-list">
              {affected.map((a) => (
                <li
                  key={a.id}
                  className={`affected-list__item${resolved(a.id) ? ' affected-list__item--resolved' : ''}`}
                  data-testid="affected-item"
                  data-appointment-id={a.id}
                >
                  <span className="affected-list__when">{fmt.shortDateTime(a.startsAt)}</span>
                  <span>
                    <span className="agenda__ticket">{a.ticketNumber}</span> <strong>{a.citizenName}</strong> · {text(a.service)}
                    {a.clerkName ? ` · ${a.clerkName}` : ''}
                  </span>
                  <span className="affected-list__reason">
                    {resolved(a.id) ? (
                      <span className="badge badge--resolved">{t('planning.change.resolved')}</span>
                    ) : (
                      t(`planning.reason.${a.reason}`)
                    )}
                  </span>
                  <Link
                    href={planningHref(
                      { ...query, tab: 'board', view: 'day', date: dayInZone(a.startsAt, timeZone) },
                      `appointment-${a.id}`,
                    )}
                    className="affected-list__go"
                  >
                    {t('planning.change.show')}
                    <span className="visually-hidden"> {t('planning.appointmentOf', { ticket: a.ticketNumber, name: a.citizenName })}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
          <p className="muted change-result__slots">
            {t('planning.change.slots', { created: slots.created, updated: slots.updated, removed: slots.removed })}
            {slots.keptBooked > 0 && ` ${t('planning.change.keptBooked', { count: slots.keptBooked })}`}
          </p>
          <div className="actions">
            {pending > 0 && query.tab !== 'conflicts' && (
              <Link href={planningHref({ ...query, tab: 'conflicts' })} className="button button--primary button--small">
                {t('planning.change.toConflicts')}
              </Link>
            )}
            <button type="button" className="button button--secondary button--small" onClick={onDismiss}>
              {t('planning.change.dismiss')}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
