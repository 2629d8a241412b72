// `npm run bench -- import`: a 160,000-person ledger (56,000 households) in one .xlsx, imported end to
// end with validation into one compound, as `shouwang import residents` does. Goal: ≤ 15 s, ≤ 1 GiB.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { idCheckChar } from '../domain/residents';
import { openDeps } from '../server/bootstrap';
import { loadConfig } from '../server/config';
import { systemCtx } from '../server/http/context';
import { importResidents } from '../server/modules/registry';
import { buildUnit } from '../server/test/factories';
import { fmt, record } from './support';

const PERSONS = Number(process.env.BENCH_PERSONS ?? 160_000);
const HOUSEHOLDS = Math.round(PERSONS / 2.86); // 56,000 for 160,000, the reports' ratio

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-bench-import-'));
const file = path.join(dir, 'ledger.xlsx');
const t0 = performance.now();
{
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: file,
    useSharedStrings: false,
    useStyles: false,
  });
  const ws = wb.addWorksheet('居民信息登记表');
  ws.addRow(['如意湖街道居民信息登记表']).commit();
  ws.addRow([
    '序号',
    '姓名',
    '性别',
    '身份证号码',
    '联系电话',
    '楼栋',
    '单元',
    '房号',
    '与户主关系',
    '来源地',
    '返郑时间',
    '备注',
  ]).commit();
  let n = 0;
  for (let h = 0; h < HOUSEHOLDS && n < PERSONS; h++) {
    const building = (h % 40) + 1;
    const entrance = (Math.floor(h / 40) % 4) + 1;
    const floorRoom = Math.floor(h / 160);
    const room = `${Math.floor(floorRoom / 4) + 1}${String((floorRoom % 4) + 1).padStart(2, '0')}`;
    const size = h === HOUSEHOLDS - 1 ? PERSONS - n : Math.min(PERSONS - n, [2, 3, 3, 4][h % 4] as number);
    for (let k = 0; k < size; k++, n++) {
      const first17 = `410105${1940 + (n % 70)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
      // Unique numbers: vary the area code with the sequence's thousands.
      const unique = `${String(410000 + Math.floor(n / 1000)).padStart(6, '0')}${first17.slice(6)}`;
      const id = unique + idCheckChar(unique);
      ws.addRow([
        n + 1,
        `居民${n}`,
        Number(unique[16]) % 2 ? '男' : '女',
        id,
        `1700${String(n).padStart(7, '0')}`,
        `${building}号楼`,
        `${entrance}单元`,
        room,
        k === 0 ? '户主' : '子女',
        n % 33 === 0 ? '湖北武汉' : '',
        n % 33 === 0 ? '2020-01-22' : '',
        '',
      ]).commit();
    }
  }
  await wb.commit();
}
const writeSeconds = (performance.now() - t0) / 1000;
const size = fs.statSync(file).size / 2 ** 20;

const deps = await openDeps(
  loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  }),
);
const store = deps.store;
const sub = await buildUnit(deps, null, 'subdistrict', `bench-${Date.now()}`);
const community = await buildUnit(deps, sub, 'community', 'c');
const compound = await buildUnit(deps, community, 'compound', 'k');

const buf = fs.readFileSync(file);
let peak = process.memoryUsage().rss;
const timer = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss);
}, 100);
const cpu0 = process.cpuUsage();
const t1 = performance.now();
const phases: Record<string, number> = {};
const out = await importResidents(deps, systemCtx, compound, buf, {
  createRooms: true,
  onProgress: (p) => {
    phases[p.phase] ??= performance.now();
    if (process.env.BENCH_DEBUG) console.log(p.phase, p.written, fmt((performance.now() - t1) / 1000));
  },
});
const seconds = (performance.now() - t1) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
if (process.env.BENCH_DEBUG) console.log(out.rejected.slice(0, 5));
clearInterval(timer);
peak = Math.max(peak, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
const at = (k: string) => fmt(((phases[k] ?? t1) - t1) / 1000);
record(`Resident import, ${PERSONS.toLocaleString('en')} persons in one .xlsx`, store.dialect, [
  `sheet: ${fmt(size)} MiB, ${HOUSEHOLDS.toLocaleString('en')} households, written in ${fmt(writeSeconds)} s (not counted)`,
  `import end to end: ${fmt(seconds)} s — read+validate until ${at('checking')} s, rooms and duplicates until ${at('storing')} s, then the one transaction; goal ≤ 15 s`,
  `CPU time of the process during the import: ${fmt(cpuSeconds)} s (user+system, all threads)`,
  `rows read ${out.rowsRead}, stored ${out.rowsStored}, rejected ${out.rowsRejected}; rooms created ${out.roomsCreated}`,
  `peak memory (max RSS of the whole process) ${fmt(peak / 2 ** 20, 0)} MiB; goal ≤ 1 GiB`,
]);
