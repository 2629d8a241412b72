import type { Kysely } from 'kysely';
import type { Locale } from '../../../domain/common';
import { message } from '../../../domain/messages';
import { can } from '../../../domain/roles';
import {
  floorOfRoom,
  normalizeBuildingName,
  normalizeEntranceName,
  type TreeImportResult,
  type UnitType,
} from '../../../domain/units';
import type { Database, UnitsTable } from '../../db/schema';
import type { Deps } from '../../deps';
import { AppError, conflict, forbidden } from '../../http/errors';
import ExcelJS from '../../lib/exceljs';
import {
  assertXlsx,
  cellText,
  findHeader,
  readFirstSheet,
  type SheetRow,
  workbookBuffer,
} from '../../lib/xlsx';
import { recordAudit } from '../audit';
import * as repo from './units.repo';
import { type ActorCtx, newUnitRow, unitInScope } from './units.service';

const COLUMNS = {
  community: ['社区', '社区名称', '社区(村)', '社区/村', '村', '村(社区)', '所属社区'],
  communityCode: ['社区代码', '区划代码', '统计代码', '社区编码'],
  compound: ['小区', '小区名称', '院区', '小区(院区)', '小区/院区', '楼院', '小区名'],
  unmanaged: ['无主管楼院', '无主管', '是否无主管楼院'],
  building: ['楼栋', '楼号', '楼栋号', '楼'],
  entrance: ['单元', '单元号'],
  floor: ['楼层', '层', '所在楼层'],
  room: ['房号', '门牌号', '户号', '房间号', '室'],
} as const;
type Column = keyof typeof COLUMNS;

const LEVELS = ['community', 'compound', 'building', 'entrance', 'room'] as const;
const TEMPLATE_HEADERS = ['社区', '社区代码', '小区', '无主管楼院', '楼栋', '单元', '楼层', '房号'];

export async function importTemplate(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('网格导入');
  ws.addRow(TEMPLATE_HEADERS);
  ws.addRow(['如意东路社区', '410105560001', '东方鑫城', '否', '1', '1', '12', '1201']);
  ws.addRow(['如意东路社区', '', '东方鑫城', '否', '1', '1', '12', '1202']);
  ws.getRow(1).font = { bold: true };
  ws.columns.forEach((c) => {
    c.width = 14;
  });
  return workbookBuffer(wb);
}

type Node = { id: string; path: string; depth: number; type: string };

/**
 * Imports a jurisdiction tree from a sheet into a sub-district, community or compound. Every row is
 * checked; nodes are found by name or created; the whole import is one transaction.
 */
export async function importTree(
  deps: Deps,
  ctx: ActorCtx,
  targetId: string,
  buf: Buffer,
  locale: Locale,
): Promise<TreeImportResult> {
  if (!can(ctx.actor.role, 'units.write')) throw forbidden();
  const target = await unitInScope(deps.db, ctx.actor, targetId);
  if (!['subdistrict', 'community', 'village', 'compound'].includes(target.type))
    throw conflict('unit.bulkParent');
  assertXlsx(buf);

  const firstLevel = target.type === 'subdistrict' ? 0 : target.type === 'compound' ? 2 : 1;
  const rows: SheetRow[] = [];
  try {
    for await (const row of readFirstSheet(buf)) rows.push(row);
  } catch {
    throw new AppError(415, 'import.notXlsx', [{ field: 'file', code: 'type', key: 'import.notXlsx' }]);
  }
  const header = findHeader<Column>(rows.slice(0, 15), COLUMNS, (c) => {
    const firstColumn = LEVELS[firstLevel] as Column;
    return c[firstColumn] !== undefined;
  });
  if (!header)
    throw new AppError(400, 'import.noHeader', [{ field: 'file', code: 'header', key: 'import.noHeader' }]);

  const now = deps.clock.now().toISOString();
  const result: TreeImportResult = { rowsRead: 0, rowsStored: 0, rowsRejected: 0, created: {}, rejected: [] };
  const reject = (row: number, key: string) => {
    result.rowsRejected++;
    result.rejected.push({ row, reason: message(key, locale) });
  };
  const get = (r: SheetRow, c: Column) => {
    const i = header.columns[c];
    return i === undefined ? '' : cellText(r.cells[i]);
  };

  await deps.db.transaction().execute(async (trx) => {
    const cache = new Map<string, Node>();
    const findOrCreate = async (
      parent: Node,
      type: UnitType,
      name: string,
      extra: Partial<UnitsTable> = {},
    ): Promise<Node> => {
      const key = `${parent.id}\u0000${name}`;
      const hit = cache.get(key);
      if (hit) return hit;
      const found = await repo.findChildByName(trx as Kysely<Database>, parent.id, name);
      let node: Node;
      if (found) node = found;
      else {
        const row = newUnitRow(parent, { type, name, ...extra }, now);
        await repo.insertUnits(trx, [row]);
        result.created[type] = (result.created[type] ?? 0) + 1;
        node = row;
      }
      cache.set(key, node);
      return node;
    };

    for (const r of rows) {
      if (r.number <= header.headerRow) continue;
      const values = {
        community: get(r, 'community'),
        communityCode: get(r, 'communityCode'),
        compound: get(r, 'compound'),
        unmanaged: get(r, 'unmanaged'),
        building: get(r, 'building'),
        entrance: get(r, 'entrance'),
        floor: get(r, 'floor'),
        room: get(r, 'room'),
      };
      if (Object.values(values).every((v) => v === '')) continue; // blank line
      if (/^(合计|总计|小计)/.test(values.community || values.compound)) continue; // totals row
      result.rowsRead++;

      if (firstLevel === 0 && !values.community) {
        reject(r.number, 'import.missingCommunity');
        continue;
      }
      if (firstLevel <= 1 && !values.compound) {
        reject(r.number, 'import.missingCompound');
        continue;
      }
      if ((values.room || values.entrance) && !values.building) {
        reject(r.number, 'import.roomWithoutBuilding');
        continue;
      }
      if (values.communityCode && !/^\d{6,12}$/.test(values.communityCode)) {
        reject(r.number, 'import.badCode');
        continue;
      }
      if (values.floor && !/^-?\d{1,3}$/.test(values.floor)) {
        reject(r.number, 'import.badFloor');
        continue;
      }
      if (Object.values(values).some((v) => v.length > 60)) {
        reject(r.number, 'import.tooLong');
        continue;
      }

      // A sheet for the whole sub-district imported into one community (or compound) must not spill
      // rows of other communities into it.
      if (firstLevel === 1 && values.community && values.community !== target.name) {
        reject(r.number, 'import.wrongCommunity');
        continue;
      }
      if (firstLevel === 2 && values.compound && values.compound !== target.name) {
        reject(r.number, 'import.wrongCompound');
        continue;
      }

      let node: Node = target;
      if (firstLevel === 0) {
        const type: UnitType =
          /村$/.test(values.community) && !/社区$/.test(values.community) ? 'village' : 'community';
        node = await findOrCreate(node, type, values.community, {
          code: values.communityCode || null,
        });
      }
      if (firstLevel <= 1) {
        node = await findOrCreate(node, 'compound', values.compound, {
          unmanaged: /^(是|y|yes|true|1|√)$/i.test(values.unmanaged) ? 1 : 0,
        });
      }
      if (values.building) {
        node = await findOrCreate(node, 'building', normalizeBuildingName(values.building));
        if (values.entrance)
          node = await findOrCreate(node, 'entrance', normalizeEntranceName(values.entrance));
        if (values.room) {
          const floor = values.floor ? Number(values.floor) : floorOfRoom(values.room);
          node = await findOrCreate(node, 'household', values.room, { floor });
        }
      }
      result.rowsStored++;
    }

    await recordAudit(trx, deps.clock, ctx, {
      action: 'unit.import',
      entityType: 'unit',
      entityId: target.id,
      unitId: target.id,
      unitPath: target.path,
      details: {
        rowsRead: result.rowsRead,
        rowsStored: result.rowsStored,
        rowsRejected: result.rowsRejected,
        created: result.created,
      },
    });
  });
  deps.events.publish({
    type: 'unit.changed',
    unitPath: target.path,
    data: { id: target.id, action: 'import' },
  });
  return result;
}
