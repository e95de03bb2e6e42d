import { LiveOffer } from '@oac/shared';

/*
 * A phone callback the clerk accepted and has not yet said how it went. The desk does not carry
 * it (its offer is gone once accepted), so this tab keeps it: a reload must not lose the number or
 * the buttons that close it.
 */
const KEY = 'oac.live.phoneCall';

export function storedPhoneCall(): LiveOffer | null {
  try {
    const raw = window.sessionStorage.getItem(KEY);
    if (!raw) return null;
    const parsed = LiveOffer.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function storePhoneCall(call: LiveOffer | null): void {
  try {
    if (call) window.sessionStorage.setItem(KEY, JSON.stringify(call));
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: the callback lasts while the page is open.
  }
}
