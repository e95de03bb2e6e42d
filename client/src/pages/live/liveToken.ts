/*
 * The waiting page's private token. It is the citizen's secret (and, once a clerk takes them, the
 * key to their call), so it never sits in the address bar's path: it is kept in this tab's
 * sessionStorage, where a reload finds it again and no Referer, history entry or shared link carries it.
 */
const KEY = 'oac.live.token';

/** The token this tab is waiting with, if any. */
export function storedLiveToken(): string | null {
  try {
    return window.sessionStorage.getItem(KEY);
  } catch {
    // Storage can be disabled (private modes, policies): the place then lasts while the page is open.
    return null;
  }
}

export function storeLiveToken(token: string | null): void {
  try {
    if (token) window.sessionStorage.setItem(KEY, token);
    else window.sessionStorage.removeItem(KEY);
  } catch {
    // See storedLiveToken().
  }
}

/** A token as the server makes them (base64url); anything else in a `/live#…` address is ignored. */
export function isLiveToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{20,128}$/.test(value);
}
