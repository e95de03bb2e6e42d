export const ADMIN_TABS = ['staff', 'catalogue', 'offices', 'queues'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];
export const ADMIN_PATH = '/staff/admin';

/** The tab the address names, the staff list when it names none or one that does not exist. */
export function readAdminTab(search: URLSearchParams): AdminTab {
  const tab = search.get('tab');
  return (ADMIN_TABS as readonly (string | null)[]).includes(tab) ? (tab as AdminTab) : 'staff';
}

export function adminHref(tab: AdminTab): string {
  return tab === 'staff' ? ADMIN_PATH : `${ADMIN_PATH}?tab=${tab}`;
}
