import type { StaffUser } from '@oac/shared';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate } from '../../router/history';

export function StaffBar({ user }: { user: StaffUser }) {
  const { t } = useI18n();
  const [leaving, setLeaving] = useState(false);

  async function logout(): Promise<void> {
    setLeaving(true);
    try {
      await api.logout();
    } catch (error) {
      // The session may already be gone; the login page is the right place either way.
      console.warn('logout() failed', error);
    }
    navigate('/staff/login');
  }

  return (
    <div className="staff-bar">
      <p className="staff-bar__who">{t('staff.signedInAs', { name: user.name })}</p>
      <button
        type="button"
        className="button button--secondary button--small"
        data-testid="logout-button"
        aria-disabled={leaving}
        onClick={() => !leaving && void logout()}
      >
        {t('staff.logout')}
      </button>
    </div>
  );
}
