import { useI18n } from '../i18n/I18nProvider';
import { CameraIcon, LeaveIcon, MicIcon } from './icons';

interface CallControlsProps {
  micMuted: boolean;
  cameraOff: boolean;
  canMute: boolean;
  canStopCamera: boolean;
  leaving: boolean;
  onMute(muted: boolean): void;
  onCamera(off: boolean): void;
  onLeave(): void;
}

/** Toggles keep one label and say their state with aria-pressed, as a screen reader expects. */
export function CallControls(props: CallControlsProps) {
  const { t } = useI18n();
  return (
    <div className="controls" role="group" aria-label={t('call.controls')}>
      <button
        type="button"
        className="control"
        data-testid="mute-button"
        aria-pressed={props.micMuted}
        disabled={!props.canMute}
        onClick={() => props.onMute(!props.micMuted)}
      >
        <MicIcon off={props.micMuted} />
        <span>{t('call.mute')}</span>
      </button>
      <button
        type="button"
        className="control"
        data-testid="camera-button"
        aria-pressed={props.cameraOff}
        disabled={!props.canStopCamera}
        onClick={() => props.onCamera(!props.cameraOff)}
      >
        <CameraIcon off={props.cameraOff} />
        <span>{t('call.cameraOff')}</span>
      </button>
      <button
        type="button"
        className="control control--leave"
        data-testid="leave-button"
        aria-disabled={props.leaving}
        onClick={() => {
          if (!props.leaving) props.onLeave();
        }}
      >
        <LeaveIcon />
        <span>{t('call.leave')}</span>
      </button>
    </div>
  );
}
