import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  PasswordReset,
  TeamCandidateDto,
  TeamCandidatesQuery,
  UserCreate,
  UserCreated,
  UserDto,
  UserListQuery,
  UserPage,
  UserUpdate,
} from '../../../domain/auth';
import { Id } from '../../../domain/common';
import type { Deps } from '../../deps';
import { actorCtx } from '../../http/auth';
import {
  createAccount,
  getAccount,
  listAccounts,
  resetPassword,
  teamCandidates,
  updateAccount,
} from './users.service';

const Params = z.strictObject({ id: Id });

export function usersRoutes(deps: Deps) {
  return async (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    const tags = ['users'];
    r.get(
      '/api/users',
      { schema: { tags, querystring: UserListQuery, response: { 200: UserPage } } },
      (req) => listAccounts(deps, actorCtx(req), req.query),
    );
    r.get(
      '/api/users/team-candidates',
      {
        schema: {
          tags,
          querystring: TeamCandidatesQuery,
          response: { 200: z.object({ items: z.array(TeamCandidateDto) }) },
        },
      },
      async (req) => ({ items: await teamCandidates(deps, actorCtx(req), req.query.unit) }),
    );
    r.post(
      '/api/users',
      { schema: { tags, body: UserCreate, response: { 201: UserCreated } } },
      async (req, reply) => reply.code(201).send(await createAccount(deps, actorCtx(req), req.body)),
    );
    r.get('/api/users/:id', { schema: { tags, params: Params, response: { 200: UserDto } } }, (req) =>
      getAccount(deps, actorCtx(req), req.params.id),
    );
    r.patch(
      '/api/users/:id',
      { schema: { tags, params: Params, body: UserUpdate, response: { 200: UserDto } } },
      (req) => updateAccount(deps, actorCtx(req), req.params.id, req.body),
    );
    r.post(
      '/api/users/:id/reset-password',
      { schema: { tags, params: Params, response: { 200: PasswordReset } } },
      (req) => resetPassword(deps, actorCtx(req), req.params.id),
    );
  };
}
