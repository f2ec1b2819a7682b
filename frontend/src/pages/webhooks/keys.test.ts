import { describe, expect, it } from 'vitest';
import en from '../../locales/en.json';
import id from '../../locales/id.json';
import ko from '../../locales/ko.json';
import { OVERLAPS, WEBHOOK_OUTCOMES } from './types';

describe('webhook value sets', () => {
  it('are named in every language', () => {
    for (const locale of [en, id, ko]) {
      for (const o of WEBHOOK_OUTCOMES) expect(locale.webhooks.outcomes[o], o).toBeTruthy();
      for (const o of OVERLAPS) expect(locale.webhooks.rotate.overlaps[o.key], o.key).toBeTruthy();
    }
  });
});
