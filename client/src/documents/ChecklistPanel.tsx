import type { Checklist, DocumentInfo } from '@oac/shared';
import { useId, useState } from 'react';
import type { z } from 'zod';
import { api } from '../api/endpoints';
import { toFailure, type Failure } from '../api/failure';
import type { Auth } from '../api/http';
import { useI18n } from '../i18n/I18nProvider';
import { FailureNotice } from '../ui/FailureNotice';
import { Loading } from '../ui/Loading';
import { useLoad } from '../ui/useLoad';
import { groupDocuments } from './group';

type ChecklistView = z.infer<typeof Checklist>;
type Item = ChecklistView[number];

export interface ChecklistPanelProps {
  appointmentId: string;
  /** The clerk (staff) ticks items off; the citizen (their token) reads them. */
  auth: Auth;
  /** The appointment's documents, for the clerk to say which one answers an item. */
  documents?: readonly DocumentInfo[];
  /** Change it to read the list again, e.g. when the socket says a document arrived. */
  refreshKey?: string | number;
}

/**
 * The documents the procedure asks for (from the catalogue): a checklist the clerk ticks off as
 * they arrive, and for the citizen a plain list of what to bring or send, with what is received.
 */
export function ChecklistPanel({ appointmentId, auth, documents = [], refreshKey = 0 }: ChecklistPanelProps) {
  const { t } = useI18n();
  const headingId = useId();
  const staff = auth.kind === 'staff';
  const { state, reload, set } = useLoad((signal) => api.checklist(appointmentId, auth, signal), `${appointmentId}:${refreshKey}`);
  const [said, setSaid] = useState('');

  return (
    <section className="checklist card" aria-labelledby={headingId} data-testid="checklist">
      <h2 id={headingId} className="checklist__title">
        {t(staff ? 'checklist.heading' : 'checklist.citizenHeading')}
      </h2>
      {state.status === 'loading' ? (
        <Loading />
      ) : state.status === 'failed' ? (
        <FailureNotice failure={state.failure} onRetry={reload} />
      ) : state.data.length === 0 ? (
        <p className="muted">{t('checklist.none')}</p>
      ) : (
        <ul className="checklist__items">
          {state.data.map((item) =>
            staff ? (
              <StaffItem key={item.index} appointmentId={appointmentId} item={item} documents={documents} onSaved={set} onSay={setSaid} />
            ) : (
              <CitizenItem key={item.index} item={item} />
            ),
          )}
        </ul>
      )}
      {/* Polite: the clerk is in a call, and a tick is no emergency. */}
      <p className="visually-hidden" role="status" data-testid="checklist-said">
        {said}
      </p>
    </section>
  );
}

function CitizenItem({ item }: { item: Item }) {
  const { t, text } = useI18n();
  return (
    <li className={`checklist__item${item.done ? ' checklist__item--done' : ''}`} data-testid="checklist-item" data-done={item.done}>
      <span className="checklist__mark" aria-hidden="true">
        {item.done ? '✓' : '○'}
      </span>
      <span className="checklist__label">{text(item.label)}</span>
      <span className={`checklist__state${item.done ? ' checklist__state--done' : ''}`}>
        {t(item.done ? 'checklist.received' : 'checklist.pending')}
      </span>
    </li>
  );
}

interface StaffItemProps {
  appointmentId: string;
  item: Item;
  documents: readonly DocumentInfo[];
  onSaved(list: ChecklistView): void;
  onSay(text: string): void;
}

function StaffItem({ appointmentId, item, documents, onSaved, onSay }: StaffItemProps) {
  const { t, text, fmt, failure: explain } = useI18n();
  const id = useId();
  const [busy, setBusy] = useState(false);
  // The tick shows at once; the server's answer then confirms it, or a failure puts it back.
  const [pending, setPending] = useState<boolean | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  // One choice per document, not per version: the newest version that is still there stands for it.
  const choices = groupDocuments(documents).filter((g) => !g.deleted);
  const label = text(item.label);

  async function save(done: boolean, documentId: string | null): Promise<void> {
    if (busy) return;
    setBusy(true);
    setPending(done);
    setFailure(null);
    try {
      onSaved(await api.updateChecklistItem(appointmentId, item.index, { done, documentId }));
      onSay(t(done ? 'checklist.ticked' : 'checklist.unticked', { label }));
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(false);
      setPending(null);
    }
  }

  const ticked = pending ?? item.done;
  const chosen = choices.find((g) => g.versions.some((v) => v.id === item.documentId));
  return (
    <li
      className={`checklist__item checklist__item--staff${item.done ? ' checklist__item--done' : ''}`}
      data-testid="checklist-item"
      data-done={item.done}
    >
      <div className="checklist__tick">
        <input
          type="checkbox"
          id={`${id}-done`}
          data-testid="checklist-check"
          checked={ticked}
          aria-disabled={busy}
          aria-describedby={item.checkedBy ? `${id}-by` : undefined}
          onChange={(event) => {
            if (!busy) void save(event.target.checked, event.target.checked ? (chosen?.latest.id ?? null) : null);
          }}
        />
        <label htmlFor={`${id}-done`} className="checklist__label">
          {label}
        </label>
      </div>
      {item.done && item.checkedBy && item.checkedAt && (
        <p className="checklist__by muted" id={`${id}-by`}>
          {t('checklist.checkedBy', { name: item.checkedBy, time: fmt.time(item.checkedAt) })}
        </p>
      )}
      {choices.length > 0 && (
        <div className="checklist__answer">
          <label htmlFor={`${id}-doc`}>{t('checklist.answeredBy')}</label>
          <select
            id={`${id}-doc`}
            className="field__input checklist__select"
            data-testid="checklist-document"
            value={chosen?.latest.id ?? ''}
            aria-disabled={busy}
            onChange={(event) => {
              // Naming a document ticks the item: it has arrived.
              if (!busy) void save(event.target.value ? true : item.done, event.target.value || null);
            }}
          >
            <option value="">{t('checklist.noDocument')}</option>
            {choices.map((g) => (
              <option key={g.documentId} value={g.latest.id}>
                {g.latest.filename}
              </option>
            ))}
          </select>
        </div>
      )}
      {busy && <p className="checklist__busy muted">{t('checklist.saving')}</p>}
      {failure && (
        <p className="field__error" role="alert">
          {explain(failure.code)}
        </p>
      )}
    </li>
  );
}
