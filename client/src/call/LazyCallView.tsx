import { lazy, Suspense, type ComponentProps } from 'react';
import { Loading } from '../ui/Loading';
import type * as CallViewModuleNs from './CallView';

type CallViewModule = typeof CallViewModuleNs;

// mediasoup-client and socket.io are most of the bundle and only the call needs them:
// booking on a phone should not download them.
let loaded: CallViewModule | null = null;
const load = () =>
  import('./CallView').then((module) => {
    loaded = module;
    return module;
  });
const LazyView = lazy(() => load().then((module) => ({ default: module.CallView })));

/** Starts fetching the call code while the person is still reading the page before it. */
export function preloadCallView(): void {
  void load();
}

export function LazyCallView(props: ComponentProps<CallViewModule['CallView']>) {
  // Once preloaded, render it directly: even an instant suspension holds the reveal back
  // (React throttles Suspense fallbacks by about 300 ms), and that delay lands on Join.
  if (loaded) return <loaded.CallView {...props} />;
  return (
    <Suspense fallback={<Loading />}>
      <LazyView {...props} />
    </Suspense>
  );
}
