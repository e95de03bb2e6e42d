import type { AdminOffice, CatalogueChange, CatalogueEntry, StaffUser } from '@oac/shared';
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { Link } from '../../router/Link';
import { ErrorSummary } from '../../ui/ErrorSummary';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { planningHref } from '../planning/planningUrl';
import { useFormSend } from '../planning/useFormSend';
import { useKeptLoad } from '../planning/useKeptLoad';
import { ServiceForm } from './ServiceForm';

interface CatalogueTabProps {
  user: StaffUser;
  offices: AdminOffice[];
}

/** What a scheduler may do with a procedure: its fields only when their office alone offers it. */
export function editsFields(user: StaffUser, entry: CatalogueEntry): boolean {
  return user.role === 'admin' || (entry.officeIds.length > 0 && entry.officeIds.every((id) => id === user.officeId));
}

/** The procedure catalogue, each procedure with its fields and the offices that offer it; and a new one. */
export function CatalogueTab({ user, offices }: CatalogueTabProps) {
  const { t, text } = useI18n();
  const headingId = useId();
  const catalogue = useKeptLoad((signal) => api.catalogue(signal), 'catalogue');
  const [result, setResult] = useState<{ name: string; affected: number; serial: number } | null>(null);
  const names = new Map(offices.map((o) => [o.id, text(o.name)]));

  function onSaved(change: CatalogueChange): void {
    setResult((last) => ({ name: text(change.service.name), affected: change.affected.length, serial: (last?.serial ?? 0) + 1 }));
    catalogue.reload();
  }

  const ownOffice = user.role === 'scheduler' ? user.officeId : null;
  return (
    <section className="planning-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('admin.tab.catalogue')}</h2>
      <div role="status" className="admin-status" data-testid="catalogue-status">
        {result && (
          <p key={result.serial}>
            {t('admin.service.saved', { name: result.name })}{' '}
            {result.affected > 0 && (
              <>
                {t('admin.service.affected', { count: result.affected })}{' '}
                <Link href={planningHref({ office: ownOffice, tab: 'conflicts', date: null, view: 'day' })}>
                  {t('admin.service.toConflicts')}
                </Link>
              </>
            )}
          </p>
        )}
      </div>
      <div className="planning-columns">
        <div>
          <h3>{t('admin.catalogue.list')}</h3>
          {!catalogue.data && (catalogue.failure ? <FailureNotice failure={catalogue.failure} onRetry={catalogue.reload} /> : <Loading />)}
          {catalogue.data && (
            <ul className="admin-list" data-testid="catalogue-list">
              {[...catalogue.data]
                .sort((a, b) => text(a.name).localeCompare(text(b.name)))
                .map((entry) => (
                  <li
                    key={entry.id}
                    className="admin-list__item admin-list__item--stacked"
                    data-testid="service-item"
                    data-code={entry.code}
                  >
                    <details className="admin-details admin-details--service">
                      <summary data-testid="service-open">
                        <span className="admin-service__name">{text(entry.name)}</span>
                        <span className="agenda__ticket">{entry.code}</span>
                        {!entry.active && <span className="badge badge--inactive">{t('admin.service.inactive')}</span>}
                        <span className="admin-list__meta admin-service__meta">
                          {t('admin.service.summary', { minutes: entry.durationMinutes })} ·{' '}
                          {entry.officeIds.length
                            ? entry.officeIds.map((id) => names.get(id) ?? id).join(', ')
                            : t('admin.service.noOffices')}
                        </span>
                      </summary>
                      <div className="admin-details__body">
                        {editsFields(user, entry) ? (
                          <ServiceForm entry={entry} save={(fields) => api.saveService(entry.id, fields)} onSaved={onSaved} />
                        ) : (
                          <Notice kind="info" live={false}>
                            <p>{t(entry.officeIds.includes(user.officeId ?? '') ? 'admin.service.shared' : 'admin.service.notOurs')}</p>
                          </Notice>
                        )}
                        <ServiceOffices user={user} entry={entry} offices={offices} onSaved={onSaved} />
                      </div>
                    </details>
                  </li>
                ))}
            </ul>
          )}
        </div>
        <div className="card">
          <h3>{t('admin.service.new')}</h3>
          <p className="hint">{t(user.role === 'admin' ? 'admin.service.newHintAdmin' : 'admin.service.newHintScheduler')}</p>
          <ServiceForm
            entry={null}
            save={(fields, code) => api.createService({ ...fields, code, officeIds: ownOffice ? [ownOffice] : [] })}
            onSaved={onSaved}
          />
        </div>
      </div>
    </section>
  );
}

/** Which offices offer the procedure: an admin ticks any, a scheduler only their own. */
function ServiceOffices({
  user,
  entry,
  offices,
  onSaved,
}: {
  user: StaffUser;
  entry: CatalogueEntry;
  offices: AdminOffice[];
  onSaved(c: CatalogueChange): void;
}) {
  const { t, text, failure: explain } = useI18n();
  const [chosen, setChosen] = useState<string[]>(entry.officeIds);
  const form = useFormSend();
  const may = (officeId: string) => user.role === 'admin' || officeId === user.officeId;

  async function submit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (form.sending) return;
    await form.send(
      async () => onSaved(await api.setServiceOffices(entry.id, chosen)),
      (failure) => [{ fieldId: null, message: explain(failure.code) }],
    );
  }

  return (
    <form className="planning-form admin-form" noValidate onSubmit={(event) => void submit(event)} data-testid="service-offices-form">
      <ErrorSummary items={form.problems} attempt={form.attempt} />
      <fieldset className="planning-fieldset">
        <legend className="field__label">{t('admin.service.offices')}</legend>
        {user.role !== 'admin' && <p className="hint">{t('admin.service.officesHint')}</p>}
        {offices.map((office) => (
          <label key={office.id} className={`checkbox${may(office.id) ? '' : ' checkbox--locked'}`}>
            <input
              type="checkbox"
              data-testid={`service-office-${office.slug}`}
              checked={chosen.includes(office.id)}
              disabled={!may(office.id)}
              onChange={(e) => setChosen(e.target.checked ? [...chosen, office.id] : chosen.filter((id) => id !== office.id))}
            />
            {text(office.name)}
            {!office.active && <span className="badge badge--inactive">{t('planning.inactive')}</span>}
          </label>
        ))}
      </fieldset>
      <div className="actions">
        <button type="submit" className="button button--secondary" data-testid="service-offices-save" aria-disabled={form.sending}>
          {form.sending ? t('planning.sending') : t('admin.service.saveOffices')}
        </button>
      </div>
    </form>
  );
}
