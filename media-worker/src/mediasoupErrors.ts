import { errors } from 'mediasoup';
import { AppError } from '@oac/shared';

/**
 * mediasoup refuses WebRTC parameters it cannot use with a TypeError (raised in Node by
 * its ORTC checks, or by the worker) or an UnsupportedError. Those parameters come from
 * a browser, so the refusal is the caller's validation_error, not our internal_error.
 * Wrap only the calls that pass browser-supplied parameters to mediasoup.
 */
export async function refusedParametersAsValidationError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TypeError || error instanceof errors.UnsupportedError) {
      throw new AppError('validation_error', error.message);
    }
    throw error;
  }
}
