import { VideoTile } from '../call/VideoTile';
import { useI18n } from '../i18n/I18nProvider';
import { Loading } from '../ui/Loading';
import { Notice } from '../ui/Notice';
import { MicLevel } from './MicLevel';
import type { LocalMedia } from './useLocalMedia';

interface DevicePreviewProps {
  media: LocalMedia;
  name: string;
  onRetry(): void;
}

/** The pre-call check: see yourself, watch the microphone move, and learn what to do if either fails. */
export function DevicePreview({ media, name, onRetry }: DevicePreviewProps) {
  const { t } = useI18n();
  const failure = media.status === 'failed' || media.status === 'ready' ? media.failure : null;
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
            placeholder={media.missing.includes('video') ? t('call.noCamera') : null}
            size="large"
          />
          {media.stream.getAudioTracks().length > 0 ? (
            <MicLevel stream={media.stream} />
          ) : (
            <p className="muted">{t('preview.noMicrophone')}</p>
          )}
        </div>
      )}
      {failure && (
        <Notice kind={media.status === 'failed' ? 'error' : 'info'}>
          <p>
            <strong>{t(`media.${failure}`)}</strong>
          </p>
          <p>{t(`media.${failure}.help`)}</p>
          {media.status === 'failed' && <p>{t('preview.joinAnyway')}</p>}
          <button type="button" className="button button--secondary" onClick={onRetry}>
            {t('preview.retry')}
          </button>
        </Notice>
      )}
      {media.status === 'ready' && !failure && <p className="muted">{t('preview.ok')}</p>}
    </section>
  );
}
