import { Fragment, useEffect, useRef, type ReactNode } from 'react';
import { navigate, useLocation } from './router/history';
import { matchPath, type PathParams } from './router/match';
import { Layout } from './ui/Layout';
import { BookingPage } from './pages/booking/BookingPage';
import { CitizenAppointmentPage } from './pages/CitizenAppointmentPage';
import { LostLinkPage } from './pages/LostLinkPage';
import { LivePage } from './pages/live/LivePage';
import { NotFoundPage } from './pages/NotFoundPage';
import { StaffLoginPage } from './pages/staff/StaffLoginPage';
import { AgendaPage } from './pages/staff/AgendaPage';
import { StaffAppointmentPage } from './pages/staff/StaffAppointmentPage';
import { PlanningPage } from './pages/planning/PlanningPage';
import { AdminPage } from './pages/admin/AdminPage';
import { TicketsPage } from './pages/tickets/TicketsPage';
import { TicketPage } from './pages/tickets/TicketPage';
import { QualityPage } from './pages/quality/QualityPage';
import { VerifyPage } from './pages/VerifyPage';

interface Page {
  match(pathname: string): (() => ReactNode) | null;
}

function page<P extends string>(pattern: P, render: (params: Record<PathParams<P>, string>) => ReactNode): Page {
  return {
    match(pathname) {
      const params = matchPath(pattern, pathname);
      return params ? () => render(params) : null;
    },
  };
}

/**
 * The citizen's private link is `/a#<token>`: the fragment never reaches a server, so the token
 * stays out of access logs and Referer headers. Links of the older form `/a/<token>` still open,
 * and are rewritten at once so the token leaves the address bar's path.
 */
function CitizenLink() {
  const { hash } = useLocation();
  return <CitizenAppointmentPage token={decodeHash(hash)} />;
}

function decodeHash(hash: string): string {
  try {
    return decodeURIComponent(hash);
  } catch {
    return '';
  }
}

function LegacyCitizenLink({ token }: { token: string }) {
  useEffect(() => navigate(`/a#${encodeURIComponent(token)}`, { replace: true }), [token]);
  return null;
}

const pages: Page[] = [
  page('/', () => <BookingPage />),
  page('/a', () => <CitizenLink />),
  page('/a/:token', ({ token }) => <LegacyCitizenLink token={token} />),
  page('/lost-link', () => <LostLinkPage />),
  page('/live', () => <LivePage />),
  page('/verify', () => <VerifyPage />),
  page('/staff/login', () => <StaffLoginPage />),
  page('/staff', () => <AgendaPage />),
  page('/staff/planning', () => <PlanningPage />),
  page('/staff/admin', () => <AdminPage />),
  page('/staff/appointments/:id', ({ id }) => <StaffAppointmentPage appointmentId={id} />),
  page('/staff/tickets', () => <TicketsPage />),
  page('/staff/tickets/:id', ({ id }) => <TicketPage ticketId={id} />),
  page('/staff/quality', () => <QualityPage />),
];

/** After an in-app navigation, move focus to the new page's heading, as a full page load would. */
function useFocusOnNavigation(pathname: string): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);
}

export function App() {
  const { pathname } = useLocation();
  useFocusOnNavigation(pathname);
  let content: ReactNode = null;
  for (const candidate of pages) {
    const render = candidate.match(pathname);
    if (render) {
      content = render();
      break;
    }
  }
  // Keyed by path so that each page starts afresh, e.g. from one appointment to the next.
  return (
    <Layout>
      <Fragment key={pathname}>{content ?? <NotFoundPage />}</Fragment>
    </Layout>
  );
}
