import { PassThrough } from 'node:stream';
import { z } from 'zod';
import { Id, text } from '../../../domain/common';
import { maskIdNumber, maskPhone } from '../../../domain/residents';
import { can } from '../../../domain/roles';
import type { Deps } from '../../deps';
import { type Actor, type Ctx, subtreeEnd } from '../../http/context';
import { AppError, forbidden } from '../../http/errors';
import ExcelJS from '../../lib/exceljs';
import { safeCell } from '../../lib/xlsx';
import { recordAudit } from '../audit';
import { unitInScope } from '../units';
import { flagsOf } from './persons.rules';
import * as repo from './registry.repo';

export const ExportQuery = z
  .strictObject({
    unit: Id,
    unmasked: z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
    reason: text(200).optional(),
  })
  .refine((q) => !q.unmasked || q.reason, { path: ['reason'], message: 'err.export.reason' });

const HEADERS = [
  '序号',
  '姓名',
  '性别',
  '出生日期',
  '证件类型',
  '证件号码',
  '联系电话',
  '小区',
  '楼栋',
  '单元',
  '房号',
  '与户主关系',
  '居住类型',
  '特殊关照',
  '来源地',
  '返郑时间',
  '交通方式',
  '备注',
];
const SEX: Record<string, string> = { male: '男', female: '女' };
const ID_TYPE: Record<string, string> = {
  resident_id: '居民身份证',
  passport: '护照',
  hk_macao_permit: '港澳通行证',
  taiwan_permit: '台胞证',
  foreign_permanent: '外国人永久居留证',
  other: '其他',
};
const RELATION: Record<string, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  parent: '父母',
  grandparent: '祖父母',
  grandchild: '孙子女',
  sibling: '兄弟姐妹',
  other_relative: '其他亲属',
  tenant: '租户',
  other: '其他',
};
const RESIDENCE: Record<string, string> = { permanent: '常住', tenant: '租户', temporary: '暂住' };
const FLAG: Record<string, string> = {
  elderly_alone: '独居老人',
  disabled: '残疾',
  chronic_illness: '慢性病',
  pregnant: '孕妇',
  child_without_carer: '无人照看儿童',
};
const TRANSPORT: Record<string, string> = {
  train: '火车',
  plane: '飞机',
  car: '自驾',
  bus: '客车',
  other: '其他',
};
const BATCH = 2000;

/**
 * The resident ledger of a node as .xlsx, streamed batch by batch. Masked unless the caller may reveal
 * and gives a reason; either way it names the exporter and the time, and the export is audited.
 */
export async function exportResidents(
  deps: Deps,
  ctx: Ctx & { actor: Actor },
  q: z.infer<typeof ExportQuery>,
) {
  if (!can(ctx.actor.role, 'persons.read')) throw forbidden();
  if (q.unmasked && !can(ctx.actor.role, 'persons.reveal')) {
    throw new AppError(403, 'problem.forbidden', [{ field: 'unmasked', code: 'forbidden' }]);
  }
  const unit = await unitInScope(deps.db, ctx.actor, q.unit);
  const live = deps.db
    .selectFrom('persons')
    .where('unit_path', '>=', unit.path)
    .where('unit_path', '<', subtreeEnd(unit.path))
    .where('anonymized_at', 'is', null);
  const rows = Number(
    (await live.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  );
  await recordAudit(deps.db, deps.clock, ctx, {
    action: 'person.export',
    entityType: 'unit',
    entityId: unit.id,
    unitId: unit.id,
    unitPath: unit.path,
    details: { rows, unmasked: q.unmasked ?? false, ...(q.reason ? { reason: q.reason } : {}) },
  });

  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = `Shouwang — ${ctx.actor.username}`;
  const ws = wb.addWorksheet('居民台账');
  const at = new Intl.DateTimeFormat('zh-CN', {
    timeZone: deps.config.tzDays,
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(deps.clock.now());
  ws.addRow([`居民信息台账 — ${unit.name}`]).commit();
  ws.addRow([
    `导出人：${ctx.actor.displayName}（${ctx.actor.username}） 导出时间：${at} 共 ${rows} 人 ${q.unmasked ? '含完整证件号和电话，已记入审计日志，请妥善保管' : '证件号和电话已脱敏'}`,
  ]).commit();
  const header = ws.addRow(HEADERS);
  header.font = { bold: true };
  header.commit();

  const write = async () => {
    let n = 0;
    let last: { path: string; id: string } | null = null;
    for (;;) {
      let page = live.selectAll();
      if (last) {
        const { path, id } = last;
        page = page.where((eb) =>
          eb.or([eb('unit_path', '>', path), eb.and([eb('unit_path', '=', path), eb('id', '>', id)])]),
        );
      }
      const batch = await page.orderBy('unit_path').orderBy('id').limit(BATCH).execute();
      if (batch.length === 0) break;
      const names = await repo.nodeNames(
        deps.db,
        batch.flatMap((p) => p.unit_path.split('/').filter(Boolean)),
      );
      for (const p of batch) {
        const byType = new Map<string, string>();
        for (const id of p.unit_path.split('/').filter(Boolean)) {
          const node = names.get(id);
          if (node) byType.set(node.type, node.name);
        }
        const id = p.id_number ? (q.unmasked ? p.id_number : maskIdNumber(p.id_number)) : '';
        const phone = p.phone ? (q.unmasked ? p.phone : maskPhone(p.phone)) : '';
        ws.addRow(
          [
            ++n,
            p.name,
            SEX[p.sex ?? ''] ?? '',
            p.birth_date ?? '',
            ID_TYPE[p.id_type] ?? p.id_type,
            id,
            phone,
            byType.get('compound') ?? '',
            byType.get('building') ?? '',
            byType.get('entrance') ?? '',
            byType.get('household') ?? '',
            RELATION[p.relation ?? ''] ?? '',
            RESIDENCE[p.residence_status] ?? '',
            flagsOf(p.care_flags)
              .map((f) => FLAG[f] ?? f)
              .join('、'),
            p.travel_from ?? '',
            p.returned_on ?? '',
            TRANSPORT[p.transport ?? ''] ?? '',
            p.notes ?? '',
          ].map((v) => (typeof v === 'string' ? safeCell(v) : v)),
        ).commit();
      }
      const tail = batch[batch.length - 1] as { unit_path: string; id: string };
      last = { path: tail.unit_path, id: tail.id };
    }
    ws.commit();
    await wb.commit();
  };
  write().catch((err) => out.destroy(err));
  return { stream: out, filename: `居民台账-${unit.name}.xlsx` };
}
