import { describe, expect, it } from 'vitest';
import { classifyMediaError } from './deviceFailure';

const named = (name: string) => new DOMException('x', name);

describe('classifyMediaError', () => {
  it('maps each browser name onto the closed set', () => {
    expect(classifyMediaError(named('NotAllowedError'))).toBe('permission_denied');
    expect(classifyMediaError(named('SecurityError'))).toBe('permission_denied');
    expect(classifyMediaError(named('NotFoundError'))).toBe('not_found');
    expect(classifyMediaError(named('OverconstrainedError'))).toBe('not_found');
    expect(classifyMediaError(named('NotReadableError'))).toBe('in_use');
    expect(classifyMediaError(named('AbortError'))).toBe('in_use');
  });

  it('files anything else under other', () => {
    expect(classifyMediaError(named('TypeError'))).toBe('other');
    expect(classifyMediaError('nope')).toBe('other');
    expect(classifyMediaError(undefined)).toBe('other');
  });
});
