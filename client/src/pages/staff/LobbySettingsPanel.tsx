import { LOBBY_MESSAGE_MAX_LENGTH, type LobbySettings } from '@oac/shared';
import { useEffect, useId, useState } from 'react';
import { api } from '../../api/endpoints';
import { toFailure, type Failure } from '../../api/failure';
import { useI18n } from '../../i18n/I18nProvider';
import { Notice } from '../../ui/Notice';
import { useLoad } from '../../ui/useLoad';

/** What the citizens waiting for this clerk read in the lobby, and whether the clerk is away. */
export function LobbySettingsPanel() {
  const { t, failure: explain } = useI18n();
  const id = useId();
  const { state } = useLoad((signal) => api.lobbySettings(signal), 'lobby');
  const [saved, setSaved] = useState<LobbySettings | null>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Failure | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => {
    if (state.status !== 'ready') return;
    setSaved(state.data);
    setMessage(state.data.message ?? '');
  }, [state]);
  if (!saved) return null;

  async function save(next: LobbySettings): Promise<boolean> {
    setBusy(true);
    setProblem(null);
    setDone(false);
    try {
      setSaved(await api.saveLobbySettings(next));
      setDone(true);
      return true;
    } catch (error) {
      setProblem(toFailure(error));
      return false;
    } finally {
      setBusy(false);
    }
  }
  const text = message.trim() || null;

  return (
    <section className="card lobby-settings" aria-labelledby={`${id}-heading`} data-testid="lobby-settings">
      <h2 id={`${id}-heading`}>{t('lobbySettings.heading')}</h2>
      <label className="checkbox">
        <input
          type="checkbox"
          data-testid="lobby-away"
          checked={saved.away}
          onChange={(e) => {
            // Shown at once; put back if the server refuses it.
            const before = saved;
            setSaved({ ...saved, away: e.target.checked });
            void save({ message: saved.message, away: e.target.checked }).then((ok) => !ok && setSaved(before));
          }}
        />
        {t('lobbySettings.away')}
      </label>
      <label htmlFor={`${id}-message`} className="field__label">
        {t('lobbySettings.message')}
      </label>
      <p className="hint">{t('lobbySettings.messageHint')}</p>
      <textarea
        id={`${id}-message`}
        data-testid="lobby-message-input"
        maxLength={LOBBY_MESSAGE_MAX_LENGTH}
        rows={3}
        value={message}
        placeholder={t('lobby.defaultMessage')}
        onChange={(e) => {
          setMessage(e.target.value);
          setDone(false);
        }}
      />
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          data-testid="lobby-save"
          aria-disabled={busy || text === saved.message}
          onClick={() => !busy && text !== saved.message && void save({ message: text, away: saved.away })}
        >
          {t('lobbySettings.save')}
        </button>
        <span role="status">{done ? t('lobbySettings.saved') : ''}</span>
      </div>
      {problem && (
        <Notice kind="error">
          <p>{explain(problem.code)}</p>
        </Notice>
      )}
    </section>
  );
}
