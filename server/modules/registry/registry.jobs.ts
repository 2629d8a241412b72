import type { z } from 'zod';
import type { Locale } from '../../../domain/common';
import { can } from '../../../domain/roles';
import type { ImportsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, inSubtree } from '../../http/context';
import { AppError, conflict, forbidden, notFound } from '../../http/errors';
import { newId } from '../../lib/ids';
import { rejectedSheet } from '../../lib/ledger';
import { assertXlsx } from '../../lib/xlsx';
import { unitInScope } from '../units';
import {
  ImportCancelled,
  type ImportColumns,
  type ImportDto,
  type ImportProgress,
  importResidents,
  newProgress,
} from './registry.import';

type ActorCtx = Ctx & { actor: Actor };

/** Imports running in this process: live progress, a cancel flag, and the promise tests can await. */
const running = new Map<string, { progress: ImportProgress; cancel: boolean; done: Promise<void> }>();

function toDto(row: ImportsTable): ImportDto {
  const live = running.get(row.id);
  const p = live?.progress;
  return {
    id: row.id,
    unitId: row.unit_id,
    fileName: row.file_name,
    status: row.status as ImportDto['status'],
    phase: p?.phase ?? 'finished',
    rowsRead: p?.rowsRead ?? row.rows_read,
    rowsStored: p?.rowsStored ?? row.rows_stored,
    rowsRejected: p?.rowsRejected ?? row.rows_rejected,
    roomsCreated: p?.roomsCreated ?? row.rooms_created,
    written: p?.written ?? (row.status === 'done' ? row.rows_stored : 0),
    error: row.error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

export async function startResidentImport(
  deps: Deps,
  ctx: ActorCtx,
  input: {
    unitId: string;
    fileName: string;
    buf: Buffer;
    createRooms: boolean;
    columns?: z.infer<typeof ImportColumns>;
    headerRow?: number;
  },
): Promise<ImportDto> {
  if (!can(ctx.actor.role, 'persons.write')) throw forbidden();
  const compound = await unitInScope(deps.db, ctx.actor, input.unitId);
  if (compound.type !== 'compound') throw conflict('registry.notCompound', 'unitId');
  assertXlsx(input.buf);
  const row: ImportsTable = {
    id: newId(),
    kind: 'residents',
    unit_id: compound.id,
    unit_path: compound.path,
    file_name: input.fileName.slice(0, 200),
    status: 'running',
    rows_read: 0,
    rows_stored: 0,
    rows_rejected: 0,
    rooms_created: 0,
    rejected_json: null,
    error: null,
    created_by: ctx.actor.id,
    created_at: deps.clock.now().toISOString(),
    finished_at: null,
  };
  await deps.db.insertInto('imports').values(row).execute();
  const state = {
    progress: newProgress(),
    cancel: false,
    done: Promise.resolve(),
  };
  running.set(row.id, state);
  // The request answers at once; the work goes on and is followed through GET /api/imports/:id.
  state.done = (async () => {
    const finish = (patch: Partial<ImportsTable>) =>
      deps.db
        .updateTable('imports')
        .set({ ...patch, finished_at: deps.clock.now().toISOString() })
        .where('id', '=', row.id)
        .execute();
    try {
      const out = await importResidents(deps, ctx, compound, input.buf, {
        createRooms: input.createRooms,
        ...(input.columns ? { columns: input.columns } : {}),
        ...(input.headerRow !== undefined ? { headerRow: input.headerRow } : {}),
        onProgress: (p) => {
          state.progress = p;
        },
        cancelled: () => state.cancel,
      });
      await finish({
        status: 'done',
        rows_read: out.rowsRead,
        rows_stored: out.rowsStored,
        rows_rejected: out.rowsRejected,
        rooms_created: out.roomsCreated,
        rejected_json: JSON.stringify(out.rejected),
      });
    } catch (err) {
      const cancelled = err instanceof ImportCancelled;
      if (!cancelled && !(err instanceof AppError)) console.error(err);
      await finish({
        status: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : err instanceof AppError ? err.key : 'problem.internal',
        rows_read: 0,
        rows_stored: 0,
        rows_rejected: 0,
        rooms_created: 0,
      });
    } finally {
      running.delete(row.id);
    }
  })();
  return toDto(row);
}

async function importInScope(deps: Deps, actor: Actor, id: string) {
  if (!can(actor.role, 'persons.read')) throw forbidden();
  const row = await deps.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || !inSubtree(actor.unitPath, row.unit_path)) throw notFound();
  return row;
}

export async function getImport(deps: Deps, ctx: ActorCtx, id: string): Promise<ImportDto> {
  return toDto(await importInScope(deps, ctx.actor, id));
}

export async function cancelImport(deps: Deps, ctx: ActorCtx, id: string): Promise<ImportDto> {
  if (!can(ctx.actor.role, 'persons.write')) throw forbidden();
  const row = await importInScope(deps, ctx.actor, id);
  const live = running.get(id);
  if (live) {
    live.cancel = true;
    await live.done;
  }
  return toDto(
    (await deps.db.selectFrom('imports').selectAll().where('id', '=', row.id).executeTakeFirst()) ?? row,
  );
}

export async function rejectedRowsSheet(
  deps: Deps,
  ctx: ActorCtx,
  id: string,
  locale: Locale,
): Promise<Buffer> {
  const row = await importInScope(deps, ctx.actor, id);
  if (row.status === 'running') throw conflict('registry.importRunning');
  return rejectedSheet(row.rejected_json ? JSON.parse(row.rejected_json) : [], locale);
}

/** For tests and the CLI: resolves when an import started in this process has finished. */
export async function importFinished(id: string): Promise<void> {
  await running.get(id)?.done;
}

/** Imports left `running` by a process that stopped: they wrote nothing (one transaction). */
export async function failInterruptedImports(deps: Deps): Promise<void> {
  await deps.db
    .updateTable('imports')
    .set({
      status: 'failed',
      error: 'registry.importInterrupted',
      finished_at: deps.clock.now().toISOString(),
    })
    .where('status', '=', 'running')
    .execute();
}
