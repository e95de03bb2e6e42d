/**
 * What can go wrong when asking for the camera and microphone, as a closed set a person
 * can act on (after LiveKit's MediaDeviceFailure). Browsers name the same problem in
 * different ways; this is the one place that knows those names.
 */
export const mediaDeviceFailures = ['permission_denied', 'not_found', 'in_use', 'other'] as const;
export type MediaDeviceFailure = (typeof mediaDeviceFailures)[number];

export function classifyMediaError(error: unknown): MediaDeviceFailure {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'permission_denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return 'not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'in_use';
    default:
      return 'other';
  }
}
