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
  if (listeners.size === 1) window.addEventListener('popstate', notify);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener('popstate', notify);
  };
}

export interface Location {
  pathname: string;
  search: URLSearchParams;
}

let cachedHref = '';
let cachedLocation: Location = { pathname: '/', search: new URLSearchParams() };

function snapshot(): Location {
  const href = window.location.pathname + window.location.search;
  if (href !== cachedHref) {
    cachedHref = href;
    cachedLocation = { pathname: window.location.pathname, search: new URLSearchParams(window.location.search) };
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
  const current = window.location.pathname + window.location.search;
  if (to === current) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  notify();
}
