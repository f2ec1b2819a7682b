// Renders a template body in the browser with sample values, so the editor can
// show unsaved text at once. The server's preview (for a real patient) renders
// the saved template.
import { TEMPLATE_VARIABLES } from '../../api/types';

export const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

export function isKnownVariable(name: string): boolean {
  if (name.startsWith('attributes.')) return /^[a-zA-Z0-9_]{1,64}$/.test(name.slice('attributes.'.length));
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

export function sampleValues(clinic: string, now = new Date()): Record<string, string> {
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  return {
    name: 'Siti Rahmawati',
    first_name: 'Siti',
    medication: 'Tamoxifen',
    dose: '20 mg',
    time: '08:00',
    appointment_date: tomorrow,
    appointment_time: '09:00',
    doctor: 'dr. Sari Wulandari',
    location: 'Poli Onkologi',
    clinic,
    link: 'https://example.org/l/sample',
  };
}

export interface Piece {
  text: string;
  /** A filled variable, or an unknown one left as written. */
  kind: 'text' | 'value' | 'unknown';
}

/** The body split into literal text and rendered variables. */
export function renderPieces(body: string, values: Record<string, string>): Piece[] {
  const out: Piece[] = [];
  let last = 0;
  for (const m of body.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: body.slice(last, at), kind: 'text' });
    const name = m[1];
    if (!isKnownVariable(name)) out.push({ text: m[0], kind: 'unknown' });
    else if (name.startsWith('attributes.')) out.push({ text: values[name] ?? `‹${name.slice('attributes.'.length)}›`, kind: 'value' });
    else out.push({ text: values[name] ?? m[0], kind: 'value' });
    last = at + m[0].length;
  }
  if (last < body.length) out.push({ text: body.slice(last), kind: 'text' });
  return out;
}

/** Variables written in the body that PRIMA does not know, each once. */
export function unknownVariables(body: string): string[] {
  const out: string[] = [];
  for (const m of body.matchAll(PLACEHOLDER)) if (!isKnownVariable(m[1]) && !out.includes(m[1])) out.push(m[1]);
  return out;
}
