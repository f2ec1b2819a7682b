import { useInfiniteQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import { patientKeys } from './api';

/** Entries per page on the patient page. */
const PAGE_SIZE = 20;

/** A patient's history, newest first, one page at a time (older pages by cursor). */
export function useTimeline(id: string) {
  return useInfiniteQuery({
    queryKey: patientKeys.timeline(id),
    initialPageParam: '',
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/patients/{id}/timeline', {
          params: { path: { id }, query: pageParam ? { limit: PAGE_SIZE, cursor: pageParam } : { limit: PAGE_SIZE } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}
