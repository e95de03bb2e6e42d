import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** A live microphone level, drawn outside React's render loop: it changes sixty times a second. */
export function MicLevel({ stream }: { stream: MediaStream }) {
  const { t } = useI18n();
  const meter = useRef<HTMLMeterElement>(null);

  useEffect(() => {
    if (stream.getAudioTracks().length === 0) return;
    const context = new AudioContext();
    const source = context.createMediaStreamSource(stream);
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Uint8Array(analyser.fftSize);
    let level = 0;
    let frame = 0;
    const draw = () => {
      analyser.getByteTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += ((sample - 128) / 128) ** 2;
      const rms = Math.sqrt(sum / samples.length);
      // Speech sits around 0.02–0.2 RMS; stretch it so that talking fills most of the bar.
      level = Math.max(Math.min(1, rms * 4), level * 0.85);
      if (meter.current) meter.current.value = level;
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    // Some browsers create the context suspended until the page has had a gesture.
    const resume = () => void context.resume();
    void context.resume();
    window.addEventListener('pointerdown', resume);
    window.addEventListener('keydown', resume);
    return () => {
      cancelAnimationFrame(frame);
      window.removeEventListener('pointerdown', resume);
      window.removeEventListener('keydown', resume);
      source.disconnect();
      void context.close();
    };
  }, [stream]);

  return (
    <div className="mic-level">
      <label htmlFor="mic-level">{t('preview.micLevel')}</label>
      <meter id="mic-level" ref={meter} min={0} max={1} low={0.05} high={0.9} optimum={0.5} value={0} />
    </div>
  );
}
