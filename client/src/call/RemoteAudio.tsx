import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Plays a remote voice. If the browser blocks sound until a gesture (autoplay policy),
 * it offers a button rather than leaving the call silent without a word.
 */
export function RemoteAudio({ track, sinkId }: { track: MediaStreamTrack; sinkId?: string }) {
  const { t } = useI18n();
  const audio = useRef<HTMLAudioElement>(null);
  const [blocked, setBlocked] = useState(false);

  useEffect(() => {
    const element = audio.current;
    if (!element) return;
    element.srcObject = new MediaStream([track]);
    element.play().then(
      () => setBlocked(false),
      () => setBlocked(true),
    );
    return () => {
      element.srcObject = null;
    };
  }, [track]);

  // The speaker picked before joining, where the browser can route sound to one.
  useEffect(() => {
    const element = audio.current as (HTMLAudioElement & { setSinkId?(id: string): Promise<void> }) | null;
    if (element?.setSinkId && sinkId) element.setSinkId(sinkId).catch(() => undefined);
  }, [sinkId]);

  return (
    <>
      <audio ref={audio} autoPlay />
      {blocked && (
        <button
          type="button"
          className="button button--primary"
          onClick={() =>
            void audio.current?.play().then(
              () => setBlocked(false),
              () => setBlocked(true),
            )
          }
        >
          {t('call.enableSound')}
        </button>
      )}
    </>
  );
}
