import { useEffect, useMemo, useRef, useState } from 'react';

interface VideoTileProps {
  /** A whole stream (local) or a single remote track. */
  source: MediaStream | MediaStreamTrack | null;
  /** Who is on it, shown over the picture; empty while nobody is. */
  name: string;
  label: string;
  testId: string;
  /** Self-view is mirrored, as people expect to see themselves. */
  mirrored?: boolean;
  /** Shown instead of the picture (camera off, no camera). */
  placeholder?: string | null;
  badges?: string[];
  /** The name the placeholder's initials come from, when the caption says something else ("You"). */
  initialsFrom?: string;
  size: 'large' | 'small';
  /** Told the tile's width as it changes, to receive the video layer that fits it. */
  onWidth?(widthPx: number): void;
  /** Said over the picture instead of showing it frozen (the other party's connection dropped). */
  overlay?: string | null;
}

export function VideoTile({
  source,
  name,
  label,
  testId,
  mirrored,
  placeholder,
  badges = [],
  initialsFrom,
  size,
  onWidth,
  overlay,
}: VideoTileProps) {
  const video = useRef<HTMLVideoElement>(null);
  const figure = useRef<HTMLElement>(null);
  useEffect(() => {
    const element = figure.current;
    if (!element || !onWidth || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => entry && onWidth(Math.round(entry.contentRect.width)));
    observer.observe(element);
    return () => observer.disconnect();
  }, [onWidth]);
  // The picture's own shape: a phone held upright sends a portrait picture, a webcam a landscape one.
  const [ratio, setRatio] = useState<string | null>(null);
  const stream = useMemo(() => {
    if (source instanceof MediaStreamTrack) return new MediaStream([source]);
    return source;
  }, [source]);

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    element.srcObject = stream;
    // Muted video may always autoplay; sound goes through <RemoteAudio> instead.
    if (stream) element.play().catch(() => undefined);
    return () => {
      element.srcObject = null;
    };
  }, [stream]);

  const showPicture = stream !== null && stream.getVideoTracks().length > 0 && !placeholder;
  const measure = () => {
    const element = video.current;
    if (element && element.videoWidth > 0 && element.videoHeight > 0) setRatio(`${element.videoWidth} / ${element.videoHeight}`);
  };
  const initials = (initialsFrom ?? name)
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase())
    .join('');

  return (
    <figure ref={figure} className={`tile tile--${size}`} style={showPicture && ratio ? { aspectRatio: ratio } : undefined}>
      <video
        ref={video}
        className={`tile__video${mirrored ? ' tile__video--mirrored' : ''}`}
        data-testid={testId}
        aria-label={label}
        autoPlay
        playsInline
        muted
        hidden={!showPicture}
        onLoadedMetadata={measure}
        onResize={measure}
      />
      {!showPicture && (
        <div className="tile__placeholder">
          <span className="tile__initials" aria-hidden="true">
            {initials || <PersonIcon />}
          </span>
          {placeholder && <span className="tile__placeholder-text">{placeholder}</span>}
        </div>
      )}
      {overlay && showPicture && (
        <div className="tile__overlay" data-testid={`${testId}-overlay`}>
          {overlay}
        </div>
      )}
      <figcaption className="tile__caption">
        {name && <span className="tile__name">{name}</span>}
        {badges.map((badge) => (
          <span key={badge} className="badge badge--dark">
            {badge}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function PersonIcon() {
  return (
    <svg width="40" height="40" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
      <circle cx="12" cy="8" r="4" />
      <path d="M4 21a8 8 0 0 1 16 0" />
    </svg>
  );
}
