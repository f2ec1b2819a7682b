import { describe, expect, it } from 'vitest';
import { fromZonedInput, todayIn, toZonedInput } from './zoned';

describe('wall-clock times in a time zone', () => {
  it('turns a local date and time into the instant and back', () => {
    expect(fromZonedInput('2026-11-24T09:30', 'Asia/Jakarta')).toBe('2026-11-24T02:30:00Z');
    expect(fromZonedInput('2026-11-24T09:30', 'Asia/Seoul')).toBe('2026-11-24T00:30:00Z');
    expect(toZonedInput('2026-11-24T00:30:00Z', 'Asia/Seoul')).toBe('2026-11-24T09:30');
    expect(toZonedInput('2026-11-24T00:30:00Z', 'Asia/Jayapura')).toBe('2026-11-24T09:30');
  });

  it('moves a time in a daylight-saving gap forward and takes the first of a repeated time', () => {
    // New York springs forward at 02:00 on 2026-03-08: 02:30 does not exist.
    expect(fromZonedInput('2026-03-08T02:30', 'America/New_York')).toBe('2026-03-08T07:30:00Z');
    // It falls back at 02:00 on 2026-11-01: 01:30 happens twice, first in EDT.
    expect(fromZonedInput('2026-11-01T01:30', 'America/New_York')).toBe('2026-11-01T05:30:00Z');
  });

  it('knows which day it is in a zone', () => {
    const now = new Date('2026-11-22T20:00:00Z');
    expect(todayIn('Asia/Seoul', now)).toBe('2026-11-23');
    expect(todayIn('America/New_York', now)).toBe('2026-11-22');
  });

  it('refuses what is not a local date and time', () => {
    expect(fromZonedInput('', 'Asia/Jakarta')).toBeNull();
    expect(toZonedInput('not a time', 'Asia/Jakarta')).toBe('');
  });
});
