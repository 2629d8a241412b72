import { describe, expect, it } from 'vitest';
import {
  BULK_LIMITS,
  bulkHouseholdCount,
  canHangUnder,
  floorOfRoom,
  normalizeBuildingName,
  normalizeEntranceName,
  roomName,
  UNIT_TYPES,
  UnitBulkCreate,
} from './units';

const spec = { buildingFrom: 1, buildingTo: 3, entrancesPerBuilding: 2, floors: 6, roomsPerFloor: 2 };

function issuesOf(input: unknown) {
  const r = UnitBulkCreate.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('the jurisdiction tree', () => {
  it('says which node types hang under which', () => {
    expect(canHangUnder('subdistrict', null)).toBe(true);
    expect(canHangUnder('community', 'subdistrict')).toBe(true);
    expect(canHangUnder('village', 'subdistrict')).toBe(true);
    expect(canHangUnder('compound', 'community')).toBe(true);
    expect(canHangUnder('compound', 'village')).toBe(true);
    expect(canHangUnder('building', 'compound')).toBe(true);
    expect(canHangUnder('entrance', 'building')).toBe(true);
    expect(canHangUnder('household', 'entrance')).toBe(true);
    expect(canHangUnder('household', 'building')).toBe(true);

    expect(canHangUnder('community', null)).toBe(false);
    expect(canHangUnder('subdistrict', 'subdistrict')).toBe(false);
    expect(canHangUnder('compound', 'subdistrict')).toBe(false);
    expect(canHangUnder('building', 'community')).toBe(false);
    expect(canHangUnder('household', 'compound')).toBe(false);
    expect(canHangUnder('household', 'household')).toBe(false);
  });

  it('has exactly one kind of root and nothing hangs under a household', () => {
    expect(UNIT_TYPES.filter((t) => canHangUnder(t, null))).toEqual(['subdistrict']);
    expect(UNIT_TYPES.filter((t) => canHangUnder(t, 'household'))).toEqual([]);
  });
});

describe('bulk creation', () => {
  it('counts households as buildings × entrances × floors × rooms, 0 entrances counting as one', () => {
    expect(bulkHouseholdCount(spec)).toBe(72);
    expect(bulkHouseholdCount({ ...spec, entrancesPerBuilding: 0 })).toBe(36);
    expect(bulkHouseholdCount({ ...spec, buildingFrom: 3, buildingTo: 3 })).toBe(24);
  });

  it('accepts a normal compound and the exact limit of 50,000 households', () => {
    expect(UnitBulkCreate.safeParse(spec).success).toBe(true);
    const atLimit = {
      buildingFrom: 1,
      buildingTo: 1,
      entrancesPerBuilding: 20,
      floors: 100,
      roomsPerFloor: 25,
    };
    expect(bulkHouseholdCount(atLimit)).toBe(BULK_LIMITS.households);
    expect(UnitBulkCreate.safeParse(atLimit).success).toBe(true);
  });

  it('rejects 0 floors and 1,000 floors on the floors field', () => {
    expect(issuesOf({ ...spec, floors: 0 }).map((i) => i.path)).toEqual(['floors']);
    expect(issuesOf({ ...spec, floors: 1000 }).map((i) => i.path)).toEqual(['floors']);
    expect(issuesOf({ ...spec, floors: 2.5 }).map((i) => i.path)).toEqual(['floors']);
  });

  it('rejects a last building before the first', () => {
    expect(issuesOf({ ...spec, buildingFrom: 5, buildingTo: 4 })).toEqual([
      { path: 'buildingTo', message: 'err.bulk.range' },
    ]);
  });

  it('rejects more than 50,000 households and more than 300 buildings', () => {
    const over = { buildingFrom: 1, buildingTo: 1, entrancesPerBuilding: 20, floors: 100, roomsPerFloor: 26 };
    expect(bulkHouseholdCount(over)).toBeGreaterThan(BULK_LIMITS.households);
    expect(issuesOf(over)).toEqual([{ path: 'floors', message: 'err.bulk.tooManyHouseholds' }]);
    const buildings = {
      buildingFrom: 1,
      buildingTo: 301,
      entrancesPerBuilding: 0,
      floors: 1,
      roomsPerFloor: 1,
    };
    expect(issuesOf(buildings)).toEqual([{ path: 'buildingTo', message: 'err.bulk.tooManyBuildings' }]);
  });

  it('rejects unknown fields', () => {
    expect(issuesOf({ ...spec, basement: true }).length).toBe(1);
  });
});

describe('names of generated and imported nodes', () => {
  it('writes room numbers as floor then a two-digit room', () => {
    expect(roomName(12, 1)).toBe('1201');
    expect(roomName(1, 2)).toBe('102');
    expect(roomName(3, 12)).toBe('312');
  });

  it('normalises building and entrance names typed as bare numbers', () => {
    expect(normalizeBuildingName('3')).toBe('3号楼');
    expect(normalizeBuildingName(' 12 ')).toBe('12号楼');
    expect(normalizeBuildingName('3号')).toBe('3号楼');
    expect(normalizeBuildingName('3号楼')).toBe('3号楼');
    expect(normalizeBuildingName('A座')).toBe('A座');
    expect(normalizeEntranceName('2')).toBe('2单元');
    expect(normalizeEntranceName(' 2单元 ')).toBe('2单元');
    expect(normalizeEntranceName('东单元')).toBe('东单元');
  });

  it('reads the floor from a room number', () => {
    expect(floorOfRoom('1201')).toBe(12);
    expect(floorOfRoom('305')).toBe(3);
    expect(floorOfRoom(roomName(26, 2))).toBe(26);
    expect(floorOfRoom('12')).toBeNull();
    expect(floorOfRoom('B101')).toBeNull();
    expect(floorOfRoom('')).toBeNull();
  });
});
