import { describe, expect, it } from 'vitest';
import { toApiError } from '../api/problem';
import i18n from '../i18n';
import en from '../locales/en.json';
import id from '../locales/id.json';
import ko from '../locales/ko.json';
import { FIELD_ERROR_CODES, fieldErrorText } from './fieldErrors';

type Tree = { [key: string]: string | Tree };
const locales: Record<string, Tree> = { en, id, ko };

describe('field error codes', () => {
  it('have a text in English, Bahasa Indonesia and Korean', () => {
    const missing: string[] = [];
    for (const [lang, tree] of Object.entries(locales)) {
      const texts = tree.fieldErrors as Tree | undefined;
      for (const code of FIELD_ERROR_CODES) {
        const entry = texts?.[code] as Tree | undefined;
        if (typeof entry?.default !== 'string' || entry.default.trim() === '') missing.push(`${lang}:${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('are said in the current language, with the limits the server gave', async () => {
    await i18n.changeLanguage('id');
    expect(fieldErrorText({ code: 'required', message: 'is required' }, i18n.t)).toBe((id.fieldErrors as Tree & { required: Tree }).required.default);
    expect(fieldErrorText({ code: 'too_long', message: 'must be at most 200 characters', params: { max: '200' } }, i18n.t)).toMatch(/200/);
    await i18n.changeLanguage('ko');
    expect(fieldErrorText({ code: 'invalid_phone', message: 'is not a valid phone number' }, i18n.t)).not.toMatch(/phone/);
    // The region the number was read with is said in every language.
    expect(fieldErrorText({ code: 'invalid_phone', message: 'is not a valid phone number for region ID', params: { region: 'ID' } }, i18n.t)).toMatch(/ID 지역/);
    expect(fieldErrorText({ code: 'invalid_enum', message: 'must be one of id, ko, en', params: { allowed: 'id, ko, en' } }, i18n.t)).toMatch(/id, ko, en/);
  });

  it('fall back to the server message when the code is unknown or missing', async () => {
    await i18n.changeLanguage('ko');
    expect(fieldErrorText({ code: 'brand_new', message: 'is brand new' }, i18n.t)).toBe('is brand new');
    expect(fieldErrorText({ message: 'is odd' }, i18n.t)).toBe('is odd');
  });

  it('reach every form through the API error, in the language shown when read', async () => {
    const err = toApiError(400, {
      type: 'urn:prima:problem:validation_failed',
      title: 'Validation failed',
      status: 400,
      code: 'validation_failed',
      detail: 'validation failed',
      errors: [
        { field: 'phone', code: 'invalid_phone', message: 'is not a valid phone number' },
        { field: 'colour', code: 'unknown_field', message: 'is not a known field' },
        { field: 'odd', message: 'is odd' },
      ],
    });
    await i18n.changeLanguage('en');
    expect(err.fieldErrors.phone).toBe('This is not a valid phone number.');
    expect(err.fieldErrors.odd).toBe('is odd');
    await i18n.changeLanguage('id');
    expect(err.fieldErrors.phone).toBe('Nomor telepon ini tidak valid.');
  });
});
