import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  PasswordReset,
  type UserCreate,
  UserCreated,
  type UserDto,
  UserDto as UserDtoSchema,
  UserPage,
  type UserUpdate,
} from '../../../domain/auth';
import type { Page } from '../../../domain/common';
import type { Role } from '../../../domain/roles';
import { api } from '../../app/api/client';

export interface UserListParams {
  page: number;
  pageSize: number;
  role?: Role;
  q?: string;
  unit?: string;
}

export const userKeys = {
  all: ['users'] as const,
  list: (params: UserListParams) => ['users', 'list', params] as const,
};

export function useUsers(params: UserListParams) {
  return useQuery({
    queryKey: userKeys.list(params),
    queryFn: () => api.get<Page<UserDto>>('/api/users', { ...params }, UserPage),
    placeholderData: (previous) => previous,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) =>
      api.post<{ user: UserDto; temporaryPassword: string | null }>('/api/users', body, UserCreated),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UserUpdate }) =>
      api.patch<UserDto>(`/api/users/${id}`, body, UserDtoSchema),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}

export function useResetPassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api.post<{ temporaryPassword: string }>(`/api/users/${id}/reset-password`, undefined, PasswordReset),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: userKeys.all }),
  });
}
