import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';
import type { Role, UserStatus } from '../../api/types';

export function useUsers(status: UserStatus, page: number, perPage: number) {
  return useQuery({
    queryKey: ['users', 'list', status, page, perPage],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { status, page, per_page: perPage } } })),
    placeholderData: (prev) => prev,
  });
}

type Action =
  | { kind: 'approve'; id: string; role: Role }
  | { kind: 'reject'; id: string }
  | { kind: 'patch'; id: string; role?: Role; is_active?: boolean; version?: number };

function run(action: Action) {
  const path = { path: { id: action.id } };
  switch (action.kind) {
    case 'approve':
      return unwrap(api.POST('/users/{id}/approve', { params: path, body: { role: action.role } }));
    case 'reject':
      return unwrap(api.POST('/users/{id}/reject', { params: path }));
    case 'patch':
      return unwrap(
        api.PATCH('/users/{id}', { params: path, body: { role: action.role, is_active: action.is_active, version: action.version } }),
      );
  }
}

export function useUserAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}
