import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { SettingsPatch, TestMessageRequest } from '../../api/types';

export const settingsKeys = { one: ['settings'] as const };

export const updateSettings = (body: SettingsPatch) => unwrap(api.PATCH('/settings', { body }));
export const sendTestMessage = (body: TestMessageRequest, key: string) =>
  unwrap(api.POST('/settings/test-message', { body, headers: { 'Idempotency-Key': key } }));

export function useSettings() {
  return useQuery({ queryKey: settingsKeys.one, queryFn: () => unwrap(api.GET('/settings')) });
}
