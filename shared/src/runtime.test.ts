import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './runtime';

describe('nodeVersionProblem', () => {
  it('accepts Node 24 and later, and explains an older one', () => {
    expect(nodeVersionProblem('24.21.0')).toBeNull();
    expect(nodeVersionProblem('26.1.0')).toBeNull();
    expect(nodeVersionProblem('20.20.2')).toMatch(/needs Node 24.*Node 20\.20\.2.*npm install/);
  });
});
