import { describe, expect, it } from 'vitest';
import { Failure, failureFromBody, toFailure } from './failure';

describe('failureFromBody', () => {
  it('keeps the server code, message and details', () => {
    const failure = failureFromBody(409, { error: { code: 'slot_taken', message: 'Taken', details: { slotId: 'x' } } });
    expect(failure.code).toBe('slot_taken');
    expect(failure.status).toBe(409);
    expect(failure.details).toEqual({ slotId: 'x' });
  });

  it('falls back on the status when a proxy answered', () => {
    expect(failureFromBody(413, '<html>Request Entity Too Large</html>').code).toBe('payload_too_large');
    expect(failureFromBody(502, null).code).toBe('internal_error');
  });

  it('does not trust an unknown code', () => {
    expect(failureFromBody(400, { error: { code: 'made_up', message: 'x' } }).code).toBe('validation_error');
  });
});

describe('toFailure', () => {
  it('treats a fetch TypeError as a network failure and passes Failures through', () => {
    expect(toFailure(new TypeError('Failed to fetch')).code).toBe('network_error');
    const failure = new Failure('forbidden', 'no');
    expect(toFailure(failure)).toBe(failure);
    expect(toFailure(new Error('boom')).code).toBe('internal_error');
  });
});
