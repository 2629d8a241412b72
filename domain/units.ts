import { z } from 'zod';
import { Id, Instant, PageQuery, pageOf, text } from './common';

export const UNIT_TYPES = [
  'subdistrict', // 街道
  'community', // 社区
  'village', // 村
  'compound', // 小区 / 院区
  'building', // 楼栋
  'entrance', // 单元
  'household', // 户 (room)
] as const;
export const UnitType = z.enum(UNIT_TYPES);
export type UnitType = z.infer<typeof UnitType>;

/** Which node types may hang under which. A null parent means a root. */
export const PARENT_TYPES: Record<UnitType, readonly (UnitType | null)[]> = {
  subdistrict: [null],
  community: ['subdistrict'],
  village: ['subdistrict'],
  compound: ['community', 'village'],
  building: ['compound'],
  entrance: ['building'],
  household: ['entrance', 'building'],
};

export function canHangUnder(child: UnitType, parent: UnitType | null): boolean {
  return PARENT_TYPES[child].includes(parent);
}

export const COMPOUND_STATUSES = ['open', 'closed', 'sealed'] as const;
export const CompoundStatus = z.enum(COMPOUND_STATUSES);
export type CompoundStatus = z.infer<typeof CompoundStatus>;

/** Official codes: GB/T 2260 (6 digits) and statistical division codes (9 or 12 digits). */
export const UnitCode = z
  .string()
  .trim()
  .regex(/^\d{6,12}$/, { message: 'err.unit.code' });

export const UnitDto = z.object({
  id: Id,
  parentId: Id.nullable(),
  type: UnitType,
  name: z.string(),
  code: z.string().nullable(),
  floor: z.number().int().nullable(),
  sortOrder: z.number().int(),
  unmanaged: z.boolean(),
  villageToCommunity: z.boolean(),
  status: CompoundStatus.nullable(),
  archived: z.boolean(),
  childCount: z.number().int(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type UnitDto = z.infer<typeof UnitDto>;

export const UnitRef = z.object({ id: Id, name: z.string(), type: UnitType });
export type UnitRef = z.infer<typeof UnitRef>;

export const UnitDetailDto = UnitDto.extend({
  ancestors: z.array(UnitRef),
  /** Live nodes of each type in this node's subtree, itself excluded. */
  counts: z.record(z.string(), z.number().int()),
});
export type UnitDetailDto = z.infer<typeof UnitDetailDto>;

export const UnitPage = pageOf(UnitDto);

export const UnitListQuery = PageQuery.extend({
  parent: Id.optional(),
  type: UnitType.optional(),
  q: z.string().trim().max(50).optional(),
  includeArchived: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

const Floor = z.number().int().min(-5).max(200);

export const UnitCreate = z.strictObject({
  parentId: Id.nullable(),
  type: UnitType,
  name: text(60),
  code: UnitCode.optional(),
  floor: Floor.optional(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
  unmanaged: z.boolean().optional(),
  villageToCommunity: z.boolean().optional(),
});
export type UnitCreate = z.infer<typeof UnitCreate>;

export const UnitUpdate = z
  .strictObject({
    name: text(60).optional(),
    code: UnitCode.nullable().optional(),
    parentId: Id.optional(),
    floor: Floor.nullable().optional(),
    sortOrder: z.number().int().min(0).max(1_000_000).optional(),
    unmanaged: z.boolean().optional(),
    villageToCommunity: z.boolean().optional(),
    archived: z.boolean().optional(),
  })
  .refine((u) => Object.keys(u).length > 0, { message: 'err.update.empty' });
export type UnitUpdate = z.infer<typeof UnitUpdate>;

export const UnitStatusChange = z.strictObject({
  status: CompoundStatus,
  reason: text(500),
});
export type UnitStatusChange = z.infer<typeof UnitStatusChange>;

export const UnitStatusEventDto = z.object({
  id: Id,
  unitId: Id,
  fromStatus: CompoundStatus.nullable(),
  toStatus: CompoundStatus,
  reason: z.string(),
  changedBy: z.string().nullable(),
  changedAt: Instant,
});
export type UnitStatusEventDto = z.infer<typeof UnitStatusEventDto>;

/** Limits of one bulk creation: a large compound, not a city, per request. */
export const BULK_LIMITS = {
  buildings: 300,
  entrances: 20,
  floors: 100,
  roomsPerFloor: 30,
  households: 50_000,
} as const;

export const UnitBulkCreate = z
  .strictObject({
    buildingFrom: z.number().int().min(1).max(9999),
    buildingTo: z.number().int().min(1).max(9999),
    /** 0 means the rooms hang directly under the building (no 单元). */
    entrancesPerBuilding: z.number().int().min(0).max(BULK_LIMITS.entrances),
    floors: z.number().int().min(1).max(BULK_LIMITS.floors),
    roomsPerFloor: z.number().int().min(1).max(BULK_LIMITS.roomsPerFloor),
  })
  .superRefine((b, ctx) => {
    if (b.buildingTo < b.buildingFrom) {
      ctx.addIssue({ code: 'custom', path: ['buildingTo'], message: 'err.bulk.range' });
      return;
    }
    const buildings = b.buildingTo - b.buildingFrom + 1;
    if (buildings > BULK_LIMITS.buildings) {
      ctx.addIssue({ code: 'custom', path: ['buildingTo'], message: 'err.bulk.tooManyBuildings' });
    }
    if (bulkHouseholdCount(b) > BULK_LIMITS.households) {
      ctx.addIssue({ code: 'custom', path: ['floors'], message: 'err.bulk.tooManyHouseholds' });
    }
  });
export type UnitBulkCreate = z.infer<typeof UnitBulkCreate>;

export function bulkHouseholdCount(b: Omit<UnitBulkCreate, never>): number {
  return (
    (b.buildingTo - b.buildingFrom + 1) * Math.max(1, b.entrancesPerBuilding) * b.floors * b.roomsPerFloor
  );
}

export const BulkResult = z.object({
  created: z.object({ building: z.number(), entrance: z.number(), household: z.number() }),
  existing: z.object({ building: z.number(), entrance: z.number(), household: z.number() }),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** Names used for generated nodes, so the same compound always reads the same way. */
export const buildingName = (n: number) => `${n}号楼`;
export const entranceName = (n: number) => `${n}单元`;
/** Room numbers the way Chinese addresses write them: floor then a two-digit room, 1201. */
export const roomName = (floor: number, room: number) => `${floor}${String(room).padStart(2, '0')}`;

export const TreeImportResult = z.object({
  rowsRead: z.number().int(),
  rowsStored: z.number().int(),
  rowsRejected: z.number().int(),
  created: z.record(z.string(), z.number().int()),
  rejected: z.array(z.object({ row: z.number().int(), reason: z.string() })),
});
export type TreeImportResult = z.infer<typeof TreeImportResult>;

/** `3` → `3号楼`; names already written out stay as they are. */
export function normalizeBuildingName(raw: string): string {
  const s = raw.trim();
  return /^\d+$/.test(s) ? buildingName(Number(s)) : /^\d+号$/.test(s) ? `${s}楼` : s;
}

/** `2` → `2单元`. */
export function normalizeEntranceName(raw: string): string {
  const s = raw.trim();
  return /^\d+$/.test(s) ? entranceName(Number(s)) : s;
}

/** The floor a room number implies (`1201` → 12, `305` → 3), or null when it does not say. */
export function floorOfRoom(room: string): number | null {
  const m = /^(\d{1,3})(\d{2})$/.exec(room.trim());
  return m ? Number(m[1]) : null;
}
