import { describe, expect, it } from 'vitest';
import { pathsIn } from './useFormSend';

describe('pathsIn', () => {
  it("reads the fields a server's validation_error names, at the top level", () => {
    expect(pathsIn([{ path: 'validTo', code: 'before_valid_from' }])).toEqual(new Set(['validTo']));
    expect(pathsIn([{ path: 'hours.0.closes', code: 'invalid_string' }, { path: ['name'] }])).toEqual(new Set(['hours', 'name']));
  });

  it('finds nothing in details of another shape', () => {
    expect(pathsIn(undefined)).toEqual(new Set());
    expect(pathsIn({ serviceIds: ['x'] })).toEqual(new Set());
  });
});
