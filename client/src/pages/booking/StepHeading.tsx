import type { ReactNode } from 'react';

/** The heading of the current booking step; the page moves focus here when the step changes. */
export function StepHeading({ children }: { children: ReactNode }) {
  return (
    <h2 className="step-heading" id="booking-step-heading" tabIndex={-1}>
      {children}
    </h2>
  );
}

export function focusStepHeading(): void {
  document.getElementById('booking-step-heading')?.focus();
}
