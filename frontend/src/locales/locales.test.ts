import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  API_KEY_SCOPES,
  APPOINTMENT_STATUSES,
  ATTEMPT_STATUSES,
  CHANNELS,
  DELIVERY_STATUSES,
  EVENT_TYPE_GROUPS,
  EVENT_TYPES,
  FREQUENCIES,
  MESSAGE_CHANNELS,
  MESSAGE_DIRECTIONS,
  MESSAGE_SOURCES,
  MESSAGE_STATUSES,
  OCCURRENCE_STATES,
  REMINDER_TYPES,
  SEND_NOW_REASONS,
  SKIP_REASONS,
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
} from '../api/types';
import en from './en.json';
import id from './id.json';
import ko from './ko.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out[key] = v;
    else Object.assign(out, flatten(v, key));
  }
  return out;
}

const locales = { en: flatten(en), id: flatten(id), ko: flatten(ko) };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('locale files', () => {
  it('have the same keys in English, Bahasa Indonesia and Korean', () => {
    const enKeys = Object.keys(locales.en).sort();
    expect(Object.keys(locales.id).sort()).toEqual(enKeys);
    expect(Object.keys(locales.ko).sort()).toEqual(enKeys);
  });

  it('have no empty values', () => {
    for (const [lang, entries] of Object.entries(locales)) {
      const empty = Object.entries(entries).filter(([, v]) => v.trim() === '').map(([k]) => `${lang}:${k}`);
      expect(empty).toEqual([]);
    }
  });

  it('keep the same {{placeholders}} in every language', () => {
    const placeholders = (s: string) => (s.match(/{{\s*\w+\s*}}/g) ?? []).sort().join(',');
    for (const [key, text] of Object.entries(locales.en)) {
      expect(placeholders(locales.id[key]), `id:${key}`).toBe(placeholders(text));
      expect(placeholders(locales.ko[key]), `ko:${key}`).toBe(placeholders(text));
    }
  });

  it('define every literal key the code translates', () => {
    const srcDir = join(__dirname, '..');
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]);
      for (const m of readFileSync(file, 'utf8').matchAll(/label: '((?:nav)\.[\w]+)'/g)) used.add(m[1]);
    }
    const defined = new Set(Object.keys(locales.en).map((k) => k.replace(/_(one|other)$/, '')));
    const missing = [...used].filter((k) => !defined.has(k));
    expect(used.size).toBeGreaterThan(50);
    expect(missing).toEqual([]);
  });

  it('name every value of the API value sets the code translates with a computed key', () => {
    const sets: [string, readonly string[]][] = [
      ['channels', [...CHANNELS, ...MESSAGE_CHANNELS]],
      ['messageStatus', MESSAGE_STATUSES],
      ['direction', MESSAGE_DIRECTIONS],
      ['source', MESSAGE_SOURCES],
      ['skipReason', SKIP_REASONS],
      ['occurrenceState', OCCURRENCE_STATES],
      ['appointmentStatus', APPOINTMENT_STATUSES],
      ['reminders.types', REMINDER_TYPES],
      ['reminders.sendNowReasons', SEND_NOW_REASONS],
      ['schedule.frequencies', FREQUENCIES],
      ['templates.kinds', TEMPLATE_KINDS],
      ['templates.variables', TEMPLATE_VARIABLES],
      ['attemptStatus', ATTEMPT_STATUSES],
      ['apiKeys.scopes', API_KEY_SCOPES],
      ['apiKeys.scopeHints', API_KEY_SCOPES],
      ['eventSubs.deliveryStatus', DELIVERY_STATUSES],
      ['eventSubs.groups', Object.keys(EVENT_TYPE_GROUPS)],
      // Event types hold dots, which i18n keys cannot: message.sent is eventSubs.types.message_sent.
      ['eventSubs.types', EVENT_TYPES.map((t) => t.replace(/\./g, '_'))],
    ];
    const missing = sets.flatMap(([prefix, values]) => values.map((v) => `${prefix}.${v}`)).filter((k) => !(k in locales.en));
    expect(missing).toEqual([]);
  });
});
