import type { StaffUser } from '@oac/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { Link } from '../../router/Link';
import { FailureNotice } from '../../ui/FailureNotice';
import { Loading } from '../../ui/Loading';
import { Notice } from '../../ui/Notice';
import { useTitle } from '../../ui/useTitle';
import { StaffBar } from './StaffBar';
import { useStaffSession } from './useStaffSession';

/**
 * A page for schedulers and admins (the planning, the quality indicators): its heading, the staff
 * bar, and the page itself; a clerk is told where their work is instead, and a scheduler with no
 * office that they have none.
 */
export function ManagerPage(props: {
  title: MessageKey;
  className: string;
  /** What a clerk is told instead of the page. */
  clerkOnly: MessageKey;
  /** The test id of the notice a clerk (or a scheduler with no office) sees. */
  refusedTestId: string;
  children: (user: StaffUser) => ReactNode;
}) {
  const { t } = useI18n();
  useTitle(t(props.title));
  const session = useStaffSession();
  return (
    <div className={`page ${props.className}`}>
      <h1 tabIndex={-1}>{t(props.title)}</h1>
      {session.status === 'loading' && <Loading />}
      {session.status === 'failed' && session.failure.code !== 'unauthenticated' && <FailureNotice failure={session.failure} />}
      {session.status === 'ready' && (
        <>
          <StaffBar user={session.data} />
          <ManagerOnly user={session.data} clerkOnly={props.clerkOnly} refusedTestId={props.refusedTestId}>
            {props.children}
          </ManagerOnly>
        </>
      )}
    </div>
  );
}

function ManagerOnly({
  user,
  clerkOnly,
  refusedTestId,
  children,
}: {
  user: StaffUser;
  clerkOnly: MessageKey;
  refusedTestId: string;
  children: (user: StaffUser) => ReactNode;
}) {
  const { t } = useI18n();
  if (user.role === 'clerk') {
    return (
      <Notice kind="info" testId={refusedTestId}>
        <p>{t(clerkOnly)}</p>
        <p>
          <Link href="/staff">{t('planning.toAgenda')}</Link>
        </p>
      </Notice>
    );
  }
  if (user.role === 'scheduler' && !user.officeId) {
    return (
      <Notice kind="info" testId={refusedTestId}>
        <p>{t('planning.noOffice')}</p>
      </Notice>
    );
  }
  return <>{children(user)}</>;
}
