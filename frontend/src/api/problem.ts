import type { Problem } from './types';

/** A failed API call, reduced to what the UI shows. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fieldErrors: Record<string, string>;
  readonly requestId?: string;

  constructor(status: number, message: string, code = '', fieldErrors: Record<string, string> = {}, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fieldErrors = fieldErrors;
    this.requestId = requestId;
  }
}

export interface ParsedProblem {
  message: string;
  fieldErrors: Record<string, string>;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && ('title' in value || 'detail' in value || 'errors' in value);
}

/** Turns an application/problem+json body into a message and per-field messages. */
export function parseProblem(body: unknown, fallback = ''): ParsedProblem {
  if (!isProblem(body)) return { message: fallback, fieldErrors: {} };
  const fieldErrors: Record<string, string> = {};
  for (const e of body.errors ?? []) {
    if (!e?.field) continue;
    // Keep the first message per field; later ones are usually consequences.
    if (!(e.field in fieldErrors)) fieldErrors[e.field] = e.message ?? '';
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
