import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { Id, PageQuery, pageOf } from '../../../domain/common';
import { can } from '../../../domain/roles';
import type { Database } from '../../db/schema';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, subtreeEnd } from '../../http/context';
import { forbidden } from '../../http/errors';
import { unitInScope } from '../units';
import { addressesFor } from './registry.service';

/** Rooms, rooms with at least one household (reached), households (a room may hold several) and persons. */
export const CoverageFigures = z.object({
  rooms: z.number(),
  reached: z.number(),
  households: z.number(),
  persons: z.number(),
});
export const CoverageDto = CoverageFigures.extend({
  unit: z.object({ id: Id, name: z.string(), type: z.string() }),
  children: z.array(CoverageFigures.extend({ id: Id, name: z.string(), type: z.string() })),
});
export const GridRoom = z.object({
  id: Id,
  name: z.string(),
  floor: z.number().nullable(),
  households: z.number(),
  /** The room's first household, to open it from the grid; null when the room is not reached. */
  householdId: Id.nullable(),
  persons: z.number(),
});
export const CoverageGrid = z.object({
  buildings: z.array(
    z.object({
      id: Id,
      name: z.string(),
      entrances: z.array(z.object({ id: Id, name: z.string(), rooms: z.array(GridRoom) })),
    }),
  ),
});
export const UnreachedQuery = PageQuery.extend({ unit: Id });
export const UnreachedPage = pageOf(
  z.object({ id: Id, name: z.string(), floor: z.number().nullable(), parentId: Id, address: z.string() }),
);

type ActorCtx = Ctx & { actor: Actor };
const ID_LEN = 36;

/** Rooms, rooms with a household, and persons per child of a node: one grouped query per figure. */
async function figuresByChild(db: Kysely<Database>, path: string) {
  const cut = path.length + ID_LEN + 1;
  // A literal, not a parameter: PostgreSQL must see the same expression in SELECT and GROUP BY.
  const child = (col: string) => sql<string>`substr(${sql.ref(col)}, 1, ${sql.lit(cut)})`;
  const rooms = await db
    .selectFrom('units as r')
    .leftJoin('households as h', 'h.room_id', 'r.id')
    .where('r.type', '=', 'household')
    .where('r.archived_at', 'is', null)
    .where('r.path', '>=', path)
    .where('r.path', '<', subtreeEnd(path))
    .select([
      child('r.path').as('child'),
      (eb) => eb.fn.count<number>('r.id').distinct().as('rooms'),
      (eb) => eb.fn.count<number>('h.room_id').distinct().as('reached'),
      (eb) => eb.fn.count<number>('h.id').distinct().as('households'),
    ])
    .groupBy(child('r.path'))
    .execute();
  const persons = await db
    .selectFrom('persons as p')
    // Anonymised persons still count: aggregate figures survive a purge.
    .where('p.unit_path', '>=', path)
    .where('p.unit_path', '<', subtreeEnd(path))
    .select([child('p.unit_path').as('child'), (eb) => eb.fn.countAll<number>().as('persons')])
    .groupBy(child('p.unit_path'))
    .execute();
  const out = new Map<string, z.infer<typeof CoverageFigures>>();
  const idOf = (p: string) => p.slice(path.length, path.length + ID_LEN);
  for (const r of rooms)
    out.set(idOf(r.child), {
      rooms: Number(r.rooms),
      reached: Number(r.reached),
      households: Number(r.households),
      persons: 0,
    });
  for (const p of persons) {
    const f = out.get(idOf(p.child)) ?? { rooms: 0, reached: 0, households: 0, persons: 0 };
    f.persons = Number(p.persons);
    out.set(idOf(p.child), f);
  }
  return out;
}

export async function coverage(deps: Deps, ctx: ActorCtx, unitId: string) {
  if (!can(ctx.actor.role, 'persons.read')) throw forbidden();
  const unit = await unitInScope(deps.db, ctx.actor, unitId);
  const byChild = await figuresByChild(deps.db, unit.path);
  const children = await deps.db
    .selectFrom('units')
    .select(['id', 'name', 'type'])
    .where('parent_id', '=', unit.id)
    .where('archived_at', 'is', null)
    .orderBy('sort_order')
    .orderBy(sql`length(name)`)
    .orderBy('name')
    .execute();
  const zero = { rooms: 0, reached: 0, households: 0, persons: 0 };
  const rows = children.map((c) => ({ ...c, ...(byChild.get(c.id) ?? zero) }));
  const total = rows.reduce(
    (a, r) => ({
      rooms: a.rooms + r.rooms,
      reached: a.reached + r.reached,
      households: a.households + r.households,
      persons: a.persons + r.persons,
    }),
    zero,
  );
  // A room itself has no children: its own figures are the whole answer.
  if (unit.type === 'household') {
    const own = await figuresByChild(deps.db, unit.path.slice(0, unit.path.length - ID_LEN - 1));
    Object.assign(total, own.get(unit.id) ?? zero);
  }
  return { unit: { id: unit.id, name: unit.name, type: unit.type }, ...total, children: rows };
}

/**
 * A compound's rooms by building, entrance and floor, with households and persons per room. Given a
 * building instead, that building alone: a worker bound to one building cannot see its compound.
 */
export async function coverageGrid(deps: Deps, ctx: ActorCtx, compoundId: string) {
  if (!can(ctx.actor.role, 'persons.read')) throw forbidden();
  const compound = await unitInScope(deps.db, ctx.actor, compoundId);
  const nodes = await deps.db
    .selectFrom('units as u')
    .where('u.path', '>', compound.path)
    .where('u.path', '<', subtreeEnd(compound.path))
    .where('u.archived_at', 'is', null)
    .select(['u.id', 'u.parent_id', 'u.type', 'u.name', 'u.floor', 'u.sort_order'])
    .select((eb) => [
      eb
        .selectFrom('households as h')
        .whereRef('h.room_id', '=', 'u.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('households'),
      eb
        .selectFrom('households as h')
        .whereRef('h.room_id', '=', 'u.id')
        .select((h) => h.fn.min<string>('h.id').as('id'))
        .as('household_id'),
      eb
        .selectFrom('persons as p')
        .innerJoin('households as h', 'h.id', 'p.household_id')
        .whereRef('h.room_id', '=', 'u.id')
        .select(eb.fn.countAll<number>().as('n'))
        .as('persons'),
    ])
    .orderBy('u.sort_order')
    .orderBy(sql`length(u.name)`)
    .orderBy('u.name')
    .execute();
  const kids = new Map<string, typeof nodes>();
  for (const n of nodes) kids.set(n.parent_id ?? '', [...(kids.get(n.parent_id ?? '') ?? []), n]);
  const roomsOf = (parentId: string) =>
    (kids.get(parentId) ?? [])
      .filter((n) => n.type === 'household')
      .map((n) => ({
        id: n.id,
        name: n.name,
        floor: n.floor,
        households: Number(n.households ?? 0),
        householdId: n.household_id ?? null,
        persons: Number(n.persons ?? 0),
      }));
  return {
    buildings: (compound.type === 'building' ? [compound] : (kids.get(compound.id) ?? []))
      .filter((b) => b.type === 'building')
      .map((b) => {
        const entrances = (kids.get(b.id) ?? []).filter((e) => e.type === 'entrance');
        return {
          id: b.id,
          name: b.name,
          // A building without 单元 shows its rooms as one column named after the building.
          entrances: entrances.length
            ? entrances.map((e) => ({ id: e.id, name: e.name, rooms: roomsOf(e.id) }))
            : [{ id: b.id, name: b.name, rooms: roomsOf(b.id) }],
        };
      }),
  };
}

/** Rooms nobody has registered yet: the census worklist. */
export async function unreachedRooms(deps: Deps, ctx: ActorCtx, q: z.infer<typeof UnreachedQuery>) {
  if (!can(ctx.actor.role, 'persons.read')) throw forbidden();
  const unit = await unitInScope(deps.db, ctx.actor, q.unit);
  const base = deps.db
    .selectFrom('units as r')
    .where('r.type', '=', 'household')
    .where('r.archived_at', 'is', null)
    .where('r.path', '>=', unit.path)
    .where('r.path', '<', subtreeEnd(unit.path))
    .where((eb) =>
      eb.not(eb.exists(eb.selectFrom('households as h').whereRef('h.room_id', '=', 'r.id').select('h.id'))),
    );
  const [items, total] = await Promise.all([
    base
      .select(['r.id', 'r.name', 'r.floor', 'r.parent_id', 'r.path'])
      .orderBy('r.path')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const address = await addressesFor(
    deps.db,
    items.map((r) => r.path),
  );
  return {
    items: items.map((r) => ({
      id: r.id,
      name: r.name,
      floor: r.floor,
      parentId: r.parent_id as string,
      address: address(r.path),
    })),
    total: Number(total.n),
    page: q.page,
    pageSize: q.pageSize,
  };
}
