import { describe, expect, it } from 'vitest';
import { adminHref, readAdminTab } from './adminUrl';

describe('the admin page address', () => {
  it('reads each tab back from its own address', () => {
    for (const tab of ['staff', 'catalogue', 'offices'] as const) {
      expect(readAdminTab(new URL(adminHref(tab), 'http://x').searchParams)).toBe(tab);
    }
  });

  it('falls back to the staff list for a missing or hand-edited tab', () => {
    expect(readAdminTab(new URLSearchParams(''))).toBe('staff');
    expect(readAdminTab(new URLSearchParams('tab=nonsense'))).toBe('staff');
  });
});
