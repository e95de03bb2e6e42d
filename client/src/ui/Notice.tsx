import type { ReactNode } from 'react';

interface NoticeProps {
  kind: 'info' | 'error' | 'success';
  children: ReactNode;
  /** Errors interrupt (role=alert); the rest wait their turn (role=status). */
  live?: boolean;
  testId?: string;
}

export function Notice({ kind, children, live = true, testId }: NoticeProps) {
  const role = live ? (kind === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div className={`notice notice--${kind}`} role={role} data-testid={testId}>
      {children}
    </div>
  );
}
