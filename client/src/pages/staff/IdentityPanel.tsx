import { IdentityDocumentType, isClosed, type IdentityCheck, type StaffAppointment } from '@oac/shared';
import { useEffect, useId, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';

/**
 * The clerk records that the citizen showed their identity document on camera: which kind, by
 * whom, when. No picture is taken or kept; the record goes to the audit trail (issue 13).
 */
export function IdentityPanel({ appointment }: { appointment: StaffAppointment }) {
  const { t, fmt, failure: explain } = useI18n();
  const id = useId();
  const { state } = useLoad((signal) => api.identityChecks(appointment.id, signal), appointment.id);
  const [checks, setChecks] = useState<IdentityCheck[]>([]);
  const [documentType, setDocumentType] = useState<IdentityDocumentType>('dni');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  useEffect(() => {
    if (state.status === 'ready') setChecks(state.data.checks);
  }, [state]);

  async function record() {
    setBusy(true);
    setProblem(null);
    try {
      const check = await api.recordIdentityCheck(appointment.id, documentType);
      setChecks((all) => [...all, check]);
    } catch (error) {
      setProblem(toFailure(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card identity-panel" aria-labelledby={`${id}-heading`} data-testid="identity-panel">
      <h2 id={`${id}-heading`}>{t('identity.heading')}</h2>
      <p className="hint">{t('identity.hint')}</p>
      {checks.length > 0 && (
        <ul className="identity-panel__checks" data-testid="identity-checks">
          {checks.map((c) => (
            <li key={c.id}>
              {t('identity.checked', { document: t(`identity.type.${c.documentType}`), who: c.checkedBy, time: fmt.time(c.checkedAt) })}
            </li>
          ))}
        </ul>
      )}
      {!isClosed(appointment.status) && (
        <div className="identity-panel__form">
          <div className="field">
            <label className="field__label" htmlFor={`${id}-type`}>
              {t('identity.documentType')}
            </label>
            <select
              id={`${id}-type`}
              className="field__input"
              data-testid="identity-type"
              value={documentType}
              onChange={(e) => setDocumentType(IdentityDocumentType.parse(e.target.value))}
            >
              {IdentityDocumentType.options.map((type) => (
                <option key={type} value={type}>
                  {t(`identity.type.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button--secondary"
            data-testid="identity-record"
            aria-disabled={busy}
            onClick={() => !busy && void record()}
          >
            {t('identity.record')}
          </button>
        </div>
      )}
      {problem && (
        <Notice kind="error">
          <p>{explain(problem.code)}</p>
        </Notice>
      )}
    </section>
  );
}
