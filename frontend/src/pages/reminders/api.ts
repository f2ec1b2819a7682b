import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { ReminderInput, ReminderListQuery, ReminderPatch, SchedulePreviewRequest } from '../../api/types';

export const reminderKeys = {
  all: ['reminders'] as const,
  list: (q: ReminderListQuery) => ['reminders', 'list', q] as const,
  one: (id: string) => ['reminders', 'one', id] as const,
  occurrences: (id: string) => ['reminders', 'occurrences', id] as const,
  preview: (body: string) => ['reminders', 'preview', body] as const,
};

const path = (id: string) => ({ params: { path: { id } } });

export const createReminder = (body: ReminderInput, key: string) =>
  unwrap(api.POST('/reminders', { body, headers: { 'Idempotency-Key': key } }));
export const updateReminder = (id: string, body: ReminderPatch) => unwrap(api.PATCH('/reminders/{id}', { ...path(id), body }));
export const deleteReminder = (id: string) => unwrap(api.DELETE('/reminders/{id}', path(id)));
export const pauseReminder = (id: string) => unwrap(api.POST('/reminders/{id}/pause', path(id)));
export const resumeReminder = (id: string) => unwrap(api.POST('/reminders/{id}/resume', path(id)));
export const previewSchedule = (body: SchedulePreviewRequest) => unwrap(api.POST('/reminders/preview', { body }));
export const sendRemindersNow = (ids: string[], key: string) =>
  unwrap(api.POST('/reminders/send-now', { body: { ids }, headers: { 'Idempotency-Key': key } }));
export const confirmOccurrence = (id: string) => unwrap(api.POST('/occurrences/{id}/confirm', path(id)));

export function useReminders(q: ReminderListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: reminderKeys.list(q),
    enabled,
    queryFn: () => unwrap(api.GET('/reminders', { params: { query: q } })),
    placeholderData: keepPreviousData,
  });
}

export function useReminder(id: string) {
  return useQuery({ queryKey: reminderKeys.one(id), queryFn: () => unwrap(api.GET('/reminders/{id}', path(id))) });
}

export function useOccurrences(id: string) {
  return useQuery({
    queryKey: reminderKeys.occurrences(id),
    queryFn: () => unwrap(api.GET('/reminders/{id}/occurrences', { params: { path: { id }, query: { per_page: 100 } } })),
  });
}

/** The next occurrences of a schedule being edited; `body` is null while there is nothing to ask. */
export function useSchedulePreview(body: SchedulePreviewRequest | null) {
  const key = body ? JSON.stringify(body) : '';
  return useQuery({
    queryKey: reminderKeys.preview(key),
    enabled: body !== null,
    queryFn: () => previewSchedule(body!),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });
}
