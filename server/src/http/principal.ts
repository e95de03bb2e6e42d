export type { Principal } from '@oac/shared';
