import type { ReactNode } from 'react';

/** The heading of the current booking step; the page moves focus here when the step changes. */
export function StepHeading({ children }: { children: ReactNode }) {
  return (
    <h2 className="step-heading" id="booking-step-heading" tabIndex={-1}>
      {children}
    </h2>
  );
}

/**
 * Focus for keyboard and screen-reader users; and on a phone, the step brought to the top of the
 * screen, so that what the citizen must choose (the first free time, above all) shows without
 * scrolling past the page's intro and the choices already made.
 */
export function focusStepHeading(): void {
  const heading = document.getElementById('booking-step-heading');
  if (!heading) return;
  heading.focus({ preventScroll: true });
  if (window.matchMedia('(max-width: 40rem)').matches) heading.scrollIntoView({ block: 'start' });
  else heading.scrollIntoView({ block: 'nearest' });
}
