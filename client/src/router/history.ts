import { useSyncExternalStore } from 'react';

/*
 * A tiny router on the History API: the app has six routes, which does not justify a
 * library. The location is an external store, so every component that reads it
 * re-renders on pushState/replaceState (which fire no event) and on back/forward.
 */
const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (listeners.size === 1) {
    window.addEventListener('popstate', notify);
    window.addEventListener('hashchange', notify);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.removeEventListener('popstate', notify);
      window.removeEventListener('hashchange', notify);
    }
  };
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
  /** The fragment without its `#`; the citizen's private token rides there, never reaching a server. */
  hash: string;
}

let cachedHref = '';
let cachedLocation: Location = { pathname: '/', search: new URLSearchParams(), hash: '' };

function snapshot(): Location {
  const { pathname, search, hash } = window.location;
  const href = pathname + search + hash;
  if (href !== cachedHref) {
    cachedHref = href;
    cachedLocation = { pathname, search: new URLSearchParams(search), hash: hash.replace(/^#/, '') };
  }
  return cachedLocation;
}

export function useLocation(): Location {
  return useSyncExternalStore(subscribe, snapshot);
}

export interface NavigateOptions {
  /** Replace the current history entry instead of adding one (redirects, query tweaks). */
  replace?: boolean;
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  const current = window.location.pathname + window.location.search + window.location.hash;
  if (to === current) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}
