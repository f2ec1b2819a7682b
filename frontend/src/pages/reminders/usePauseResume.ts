import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Reminder } from '../../api/types';
import { pauseReminder, reminderKeys, resumeReminder } from './api';

/** Pauses or resumes a reminder and refreshes the lists that show it. */
export function usePauseResume() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (r: Pick<Reminder, 'id' | 'is_active'>) => (r.is_active ? pauseReminder(r.id) : resumeReminder(r.id)),
    onSuccess: async (updated) => {
      queryClient.setQueryData(reminderKeys.one(updated.id), updated);
      await queryClient.invalidateQueries({ queryKey: ['reminders', 'list'] });
    },
  });
}
