import i18n from '../i18n';
import { fieldErrorText, type FieldProblem } from '../lib/fieldErrors';
import type { Problem } from './types';

/** A failed API call, reduced to what the UI shows. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The server's field errors with their codes, first per field. */
  readonly fieldProblems: Record<string, FieldProblem>;
  readonly requestId?: string;

  constructor(
    status: number,
    message: string,
    code = '',
    fieldErrors: Record<string, string | FieldProblem> = {},
    requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldProblems = Object.fromEntries(
      Object.entries(fieldErrors).map(([f, e]) => [f, typeof e === 'string' ? { message: e } : e]),
    );
    this.requestId = requestId;
  }

  /** Per-field messages in the dashboard's current language (the server's text when a code is unknown). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [f, p] of Object.entries(this.fieldProblems)) out[f] = fieldErrorText(p, i18n.t);
    return out;
  }
}

export interface ParsedProblem {
  message: string;
  fieldErrors: Record<string, FieldProblem>;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('title' in value || 'detail' in value || 'errors' in value);
}

/** Turns an application/problem+json body into a message and per-field errors. */
export function parseProblem(body: unknown, fallback = ''): ParsedProblem {
  if (!isProblem(body)) return { message: fallback, fieldErrors: {} };
  const fieldErrors: Record<string, FieldProblem> = {};
  for (const e of body.errors ?? []) {
    if (!e?.field) continue;
    // Keep the first error per field; later ones are usually consequences.
    if (!(e.field in fieldErrors)) fieldErrors[e.field] = { code: e.code, message: e.message ?? '', params: e.params };
  }
  const message = body.detail || body.title || fallback;
  return { message, fieldErrors };
}

export function toApiError(status: number, body: unknown, fallback = ''): ApiError {
  const { message, fieldErrors } = parseProblem(body, fallback);
  const code = isProblem(body) ? (body.code ?? '') : '';
  const requestId = isProblem(body) ? body.request_id : undefined;
  return new ApiError(status, message || `HTTP ${status}`, code, fieldErrors, requestId);
}
