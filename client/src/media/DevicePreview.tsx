import { VideoTile } from '../call/VideoTile';
import { useI18n } from '../i18n/I18nProvider';
import { Loading } from '../ui/Loading';
import { Notice } from '../ui/Notice';
import { DevicePickers, type DeviceSelection } from './DevicePickers';
import { MicLevel } from './MicLevel';
import type { LocalMedia } from './useLocalMedia';

export interface JoinOptions {
  muted: boolean;
  cameraOff: boolean;
}

interface DevicePreviewProps {
  media: LocalMedia;
  name: string;
  onRetry(): void;
  selection?: DeviceSelection;
  onSelection?(selection: DeviceSelection): void;
  options?: JoinOptions;
  onOptions?(options: JoinOptions): void;
}

/**
 * The pre-call check: see yourself, watch the microphone move, pick the devices, test the speaker,
 * choose to come in muted or with the camera off, and learn exactly what is missing and what to do.
 */
export function DevicePreview({ media, name, onRetry, selection, onSelection, options, onOptions }: DevicePreviewProps) {
  const { t } = useI18n();
  const devices = media.status === 'failed' || media.status === 'ready' ? media.devices : null;
  const problems = devices
    ? (['video', 'audio'] as const).flatMap((kind) => (devices[kind] === 'ok' ? [] : [{ kind, failure: devices[kind] }]))
    : [];
  return (
    <section className="preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">{t('preview.heading')}</h2>
      {(media.status === 'requesting' || media.status === 'idle') && <Loading label={t('preview.asking')} />}
      {media.status === 'ready' && (
        <div className="preview__media">
          <VideoTile
            source={media.stream}
            name={name}
            label={t('preview.video')}
            testId="preview-video"
            mirrored
            placeholder={media.missing.includes('video') ? t('call.noCamera') : options?.cameraOff ? t('call.yourCameraOff') : null}
            size="large"
          />
          {media.stream.getAudioTracks().length > 0 ? (
            <MicLevel stream={media.stream} />
          ) : (
            <p className="muted">{t('preview.noMicrophone')}</p>
          )}
        </div>
      )}
      {problems.map(({ kind, failure }) => (
        <Notice key={kind} kind={media.status === 'failed' ? 'error' : 'info'} testId={`device-problem-${kind}`}>
          <p>
            <strong>{t(`device.${kind}.${failure}`)}</strong>
          </p>
          <p>{t(`media.${failure}.help`)}</p>
          <p>{t(kind === 'video' ? 'preview.withoutCamera' : 'preview.withoutMicrophone')}</p>
          <button type="button" className="button button--secondary" onClick={onRetry}>
            {t('preview.retry')}
          </button>
        </Notice>
      ))}
      {media.status === 'failed' && <p>{t('preview.joinAnyway')}</p>}
      {media.status === 'ready' && problems.length === 0 && <p className="muted">{t('preview.ok')}</p>}
      {(media.status === 'ready' || media.status === 'failed') && selection && onSelection && (
        <DevicePickers selection={selection} onChange={onSelection} refreshKey={media} />
      )}
      {media.status === 'ready' && options && onOptions && (
        <fieldset className="join-options">
          <legend>{t('preview.options')}</legend>
          {!media.missing.includes('audio') && (
            <label className="checkbox">
              <input
                type="checkbox"
                data-testid="join-muted"
                checked={options.muted}
                onChange={(e) => onOptions({ ...options, muted: e.target.checked })}
              />
              {t('preview.joinMuted')}
            </label>
          )}
          {!media.missing.includes('video') && (
            <label className="checkbox">
              <input
                type="checkbox"
                data-testid="join-camera-off"
                checked={options.cameraOff}
                onChange={(e) => onOptions({ ...options, cameraOff: e.target.checked })}
              />
              {t('preview.joinCameraOff')}
            </label>
          )}
        </fieldset>
      )}
    </section>
  );
}
