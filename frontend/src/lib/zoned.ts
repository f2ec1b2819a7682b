// Wall-clock times in a named time zone, for inputs that edit an instant as the
// patient reads it (datetime-local values are zone-less).

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallAt(instant: number, timeZone: string): Wall {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') };
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const w = wallAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  return Math.round((asUtc - Math.floor(instant / 60_000) * 60_000) / 60_000);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** "2026-11-22T08:00" as the wall clock shows an instant in a zone (for <input type="datetime-local">). */
export function toZonedInput(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  try {
    const w = wallAt(t, timeZone);
    return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
  } catch {
    return '';
  }
}

/**
 * The UTC instant (RFC 3339) of a wall-clock "YYYY-MM-DDTHH:MM" in a zone.
 * A time in a daylight-saving gap moves forward; an ambiguous one takes the first.
 */
export function fromZonedInput(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  try {
    // Try the offsets in force around the wall time; keep those that map back to it.
    const offsets = [...new Set([offsetMinutes(naive - 86_400_000, timeZone), offsetMinutes(naive, timeZone), offsetMinutes(naive + 86_400_000, timeZone)])];
    const hits = offsets
      .map((o) => naive - o * 60_000)
      .filter((t) => {
        const w = wallAt(t, timeZone);
        return w.year === y && w.month === mo && w.day === d && w.hour === h && w.minute === mi;
      })
      .sort((a, b) => a - b);
    const t = hits[0] ?? naive - offsetMinutes(naive, timeZone) * 60_000;
    return new Date(t).toISOString().replace('.000Z', 'Z');
  } catch {
    return null;
  }
}

/** Today's date "YYYY-MM-DD" in a zone. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  if (!timeZone) return now.toISOString().slice(0, 10);
  try {
    const w = wallAt(now.getTime(), timeZone);
    return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
  } catch {
    return now.toISOString().slice(0, 10);
  }
}
