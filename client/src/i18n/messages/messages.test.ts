import { describe, expect, it } from 'vitest';
import { ca } from './ca';
import { dictionaries } from './index';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('dictionaries', () => {
  for (const [lang, messages] of Object.entries(dictionaries)) {
    it(`${lang} uses the same placeholders as Catalan in every message`, () => {
      for (const key of Object.keys(ca) as (keyof typeof ca)[]) {
        expect(placeholders(messages[key]), `${lang} ${key}`).toEqual(placeholders(ca[key]));
      }
    });

    it(`${lang} has no empty message`, () => {
      for (const [key, text] of Object.entries(messages)) expect(text.trim(), `${lang} ${key}`).not.toBe('');
    });
  }
});
