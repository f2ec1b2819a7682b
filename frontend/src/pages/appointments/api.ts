import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { AppointmentInput, AppointmentListQuery, AppointmentPatch } from '../../api/types';

export const appointmentKeys = {
  all: ['appointments'] as const,
  list: (q: AppointmentListQuery) => ['appointments', 'list', q] as const,
  one: (id: string) => ['appointments', 'one', id] as const,
};

const path = (id: string) => ({ params: { path: { id } } });

export const createAppointment = (body: AppointmentInput, key: string) =>
  unwrap(api.POST('/appointments', { body, headers: { 'Idempotency-Key': key } }));
export const updateAppointment = (id: string, body: AppointmentPatch) => unwrap(api.PATCH('/appointments/{id}', { ...path(id), body }));
export const deleteAppointment = (id: string) => unwrap(api.DELETE('/appointments/{id}', path(id)));

export function useAppointments(q: AppointmentListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: appointmentKeys.list(q),
    enabled,
    queryFn: () => unwrap(api.GET('/appointments', { params: { query: q } })),
    placeholderData: keepPreviousData,
  });
}

export function useAppointment(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: appointmentKeys.one(id),
    enabled: enabled && Boolean(id),
    queryFn: () => unwrap(api.GET('/appointments/{id}', path(id))),
  });
}
