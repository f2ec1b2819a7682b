import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { TemplateListQuery } from '../../api/types';

export const templateKeys = {
  all: ['templates'] as const,
  list: (q: TemplateListQuery) => ['templates', 'list', q] as const,
  one: (id: string) => ['templates', 'one', id] as const,
};

export function useTemplates(q: TemplateListQuery, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: templateKeys.list(q),
    enabled,
    queryFn: () => unwrap(api.GET('/templates', { params: { query: q } })),
    placeholderData: (prev) => prev,
  });
}

export function useTemplate(id: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: templateKeys.one(id),
    enabled: enabled && Boolean(id),
    queryFn: () => unwrap(api.GET('/templates/{id}', { params: { path: { id } } })),
  });
}
