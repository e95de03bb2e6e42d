import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be misread for one another (no 0/O, 1/l/I, 5/S, B/8). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY234679';

/**
 * A password to read out or paste once: four groups of five from a CSPRNG, about 112 bits, well
 * beyond what an attacker could guess through the login's throttle. It is never stored or logged.
 */
export function newPassword(groups = 4, size = 5): string {
  return Array.from({ length: groups }, () => Array.from({ length: size }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')).join('-');
}
