import { TicketPriority, type Queue, type TicketDetail, type TimelineEntry } from '@oac/shared';
import { ChatText } from '../../call/ChatPanel';
import { useI18n } from '../../i18n/I18nProvider';
import { changedState, stateKey, timelineKey } from './timeline';

/** The whole history of the ticket and its appointments, oldest first, from the one audit trail. */
export function TicketTimeline({ ticket, queues }: { ticket: TicketDetail; queues: Queue[] }) {
  const { t } = useI18n();
  return (
    <section className="card ticket-timeline" aria-labelledby="ticket-timeline-heading">
      <h2 id="ticket-timeline-heading">{t('tickets.timeline.heading')}</h2>
      {ticket.timeline.length === 0 ? (
        <p className="muted">{t('tickets.timeline.none')}</p>
      ) : (
        <ol className="timeline" data-testid="ticket-timeline">
          {ticket.timeline.map((entry, i) => (
            <TimelineItem key={i} entry={entry} queues={queues} links={ticket.links} />
          ))}
        </ol>
      )}
    </section>
  );
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

function TimelineItem({ entry, queues, links }: { entry: TimelineEntry; queues: Queue[]; links: TicketDetail['links'] }) {
  const { t, text: local, fmt } = useI18n();
  const who = entry.actor === 'system' ? t('history.system') : entry.actor;
  const key = timelineKey(entry);
  const queue = queues.find((q) => q.id === entry.details.queueId);
  const sentence = key
    ? t(key, { who, party: text(entry.details.party) ?? '' })
    : t('tickets.timeline.unknown', { who, action: entry.action });
  const state = (s: string) => {
    const k = stateKey(entry.action, s);
    return k ? t(k) : s;
  };
  const reason = text(entry.details.reason);
  // A message of a session's chat: its words, as plain text.
  const said = entry.action === 'chat.message' ? text(entry.details.text) : null;
  // A received link's entry names only the link: its party is on the ticket.
  const received = entry.action === 'ticket.link_resolved' ? links.find((l) => l.id === entry.details.linkId) : undefined;
  const priority = TicketPriority.safeParse(entry.details.priority);
  const priorityChanged = entry.action === 'ticket.classified' && priority.success && entry.details.fromPriority !== entry.details.priority;
  return (
    <li className={`timeline__item timeline__item--${entry.action.split('.')[0]}`} data-testid="timeline-entry" data-action={entry.action}>
      <time className="timeline__when" dateTime={entry.at}>
        {fmt.shortDateTime(entry.at)}
      </time>
      <div className="timeline__what">
        <p className={key ? undefined : 'timeline__code'}>{sentence}</p>
        {changedState(entry) && (
          <p className="timeline__detail">{t('tickets.timeline.change', { from: state(entry.from), to: state(entry.to) })}</p>
        )}
        {entry.action === 'ticket.rerouted' && queue && (
          <p className="timeline__detail">{t('tickets.timeline.newQueue', { queue: local(queue.name) })}</p>
        )}
        {priorityChanged && (
          <p className="timeline__detail">{t('tickets.priorityBadge', { priority: t(`tickets.priority.${priority.data}`) })}</p>
        )}
        {received && <p className="timeline__detail">{received.party}</p>}
        {reason && <p className="timeline__detail">{t('tickets.timeline.reason', { reason })}</p>}
        {said && (
          <blockquote className="timeline__detail timeline__said" data-testid="timeline-chat-text">
            <ChatText text={said} />
          </blockquote>
        )}
      </div>
    </li>
  );
}
