import type { StaffUser } from '@oac/shared';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import { useI18n } from '../../i18n/I18nProvider';
import { navigate, useLocation } from '../../router/history';
import { Link } from '../../router/Link';

export function StaffBar({ user }: { user: StaffUser }) {
  const { t } = useI18n();
  const { pathname } = useLocation();
  const [leaving, setLeaving] = useState(false);
  // Schedulers and admins move between the agenda and the planning tools; everyone has the tickets (issue 15).
  const plans = user.role === 'scheduler' || user.role === 'admin';
  const planning = pathname.startsWith('/staff/planning');
  const admin = pathname.startsWith('/staff/admin');
  const tickets = pathname.startsWith('/staff/tickets');
  const quality = pathname.startsWith('/staff/quality');

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
      <nav className="staff-nav" aria-label={t('staff.nav')}>
        <Link
          href="/staff"
          className="staff-nav__link"
          data-testid="nav-agenda"
          aria-current={!planning && !admin && !tickets && !quality ? 'page' : undefined}
        >
          {t('staff.nav.agenda')}
        </Link>
        <Link href="/staff/tickets" className="staff-nav__link" data-testid="nav-tickets" aria-current={tickets ? 'page' : undefined}>
          {t('staff.nav.tickets')}
        </Link>
        {plans && (
          <>
            <Link
              href="/staff/planning"
              className="staff-nav__link"
              data-testid="nav-planning"
              aria-current={planning ? 'page' : undefined}
            >
              {t('staff.nav.planning')}
            </Link>
            <Link href="/staff/admin" className="staff-nav__link" data-testid="nav-admin" aria-current={admin ? 'page' : undefined}>
              {t('staff.nav.admin')}
            </Link>
            <Link href="/staff/quality" className="staff-nav__link" data-testid="nav-quality" aria-current={quality ? 'page' : undefined}>
              {t('staff.nav.quality')}
            </Link>
          </>
        )}
      </nav>
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
