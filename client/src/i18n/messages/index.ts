import type { Language } from '@oac/shared';
import { ca } from './ca';
import { en } from './en';
import { es } from './es';

export type MessageKey = keyof typeof ca;
/** A complete dictionary: the type checker refuses a language with a key missing or extra. */
export type Messages = Record<MessageKey, string>;

export const dictionaries: Record<Language, Messages> = { ca, es, en };
