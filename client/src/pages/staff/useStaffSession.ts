import type { StaffUser } from '@oac/shared';
import { useEffect } from 'react';
import { api } from '../../api/endpoints';
import { navigate } from '../../router/history';
import { useLoad, type Loaded } from '../../ui/useLoad';

/** The path of the login page that returns here afterwards. */
export function loginPathFor(current: string): string {
  return `/staff/login?next=${encodeURIComponent(current)}`;
}

/** The logged-in staff user; without a session, off to the login page and back here after. */
export function useStaffSession(): Loaded<StaffUser> {
  const { state } = useLoad(async (signal) => (await api.me(signal)).user, 'me');
  useEffect(() => {
    if (state.status === 'failed' && state.failure.code === 'unauthenticated') {
      navigate(loginPathFor(window.location.pathname + window.location.search), { replace: true });
    }
  }, [state]);
  return state;
}
