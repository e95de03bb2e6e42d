import { useI18n } from '../i18n/I18nProvider';
import { VideoTile } from './VideoTile';

interface SelfTileProps {
  stream: MediaStream | null;
  selfName: string;
  /** In the call: what we chose to stop sending. The lobby sends nothing, so says only what is missing. */
  cameraOff?: boolean;
  micMuted?: boolean;
  /** Badges for what we lack or muted; the lobby shows none. */
  withBadges?: boolean;
}

/** Our own picture, small and mirrored, in the lobby and in the call. */
export function SelfTile({ stream, selfName, cameraOff = false, micMuted = false, withBadges = false }: SelfTileProps) {
  const { t } = useI18n();
  return (
    <VideoTile
      source={stream}
      name={t('call.you')}
      initialsFrom={selfName}
      label={t('call.localVideo')}
      testId="local-video"
      mirrored
      placeholder={cameraOff ? t('call.yourCameraOff') : stream?.getVideoTracks().length ? null : t('call.noCamera')}
      badges={!withBadges ? [] : micMuted ? [t('call.youMuted')] : stream?.getAudioTracks().length ? [] : [t('call.noMicrophone')]}
      size="small"
    />
  );
}
