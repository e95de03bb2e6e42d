import { lazy, Suspense, type ComponentProps } from 'react';
import { Loading } from '../ui/Loading';

// mediasoup-client and socket.io are most of the bundle and only the call needs them:
// booking on a phone should not download them.
const load = () => import('./CallView');
const CallView = lazy(() => load().then((module) => ({ default: module.CallView })));

/** Starts fetching the call code while the person is still reading the page before it. */
export function preloadCallView(): void {
  void load();
}

export function LazyCallView(props: ComponentProps<typeof CallView>) {
  return (
    <Suspense fallback={<Loading />}>
      <CallView {...props} />
    </Suspense>
  );
}
