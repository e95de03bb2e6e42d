import { AppError, type Principal } from '@oac/shared';

export type { Principal } from '@oac/shared';

/** The citizen of a route their private token opens; anyone else is told the link is not valid. */
export function citizenOf(principal: Principal | null): Extract<Principal, { kind: 'citizen' }> {
  if (principal?.kind !== 'citizen') throw new AppError('invalid_token', 'This appointment link is not valid.');
  return principal;
}
