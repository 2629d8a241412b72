import { PrinterOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Typography, theme } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { UnitType } from '../../../domain/units';
import { formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import { type PlanDto, type PlanRoom, usePlan, useUnitDetail } from './alerts.api';
import { IsolationNav } from './IsolationNav';
import {
  PLAN_MARKS,
  PlanBuilding,
  PlanLegend,
  PlanPersonList,
  PlanRoomDrawer,
  usePlanColors,
} from './PlanBuilding';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const PLAN_TYPES: readonly UnitType[] = ['compound', 'building'];

/**
 * A4 landscape, one building per sheet, nothing of the app around it; the colours print as they are
 * (the marks ✗ ✓ ! carry the state in grey print too), and a wide building shrinks to the page.
 */
const PRINT_CSS = `
.sw-print-only { display: none; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  html, body { background: #fff !important; }
  .ant-layout-header, .ant-layout-sider, .ant-tabs, .sw-no-print { display: none !important; }
  .ant-layout, .ant-layout-content { padding: 0 !important; background: #fff !important; }
  .ant-card { border: none !important; box-shadow: none !important; }
  .ant-card-head { display: none !important; }
  .ant-card-body { padding: 0 !important; }
  .sw-print-only { display: block; }
  .sw-plan-buildings { display: block !important; }
  .sw-plan-page { break-after: page; page-break-after: always; break-inside: avoid; }
  .sw-plan-page:last-child { break-after: auto; page-break-after: auto; }
  .sw-plan-building { border: none !important; }
  .sw-grid-scroll { overflow: visible !important; padding: 0 !important; }
  .sw-plan-building table { width: 100% !important; table-layout: fixed; }
  .sw-plan-cell { min-width: 0 !important; width: 100% !important; }
  * { -webkit-print-color-adjust: exact !important; print-color-adjust: exact !important; }
}`;

/**
 * 隔离人员位置平面图: a compound's buildings as entrances × floors × rooms, each room with a household
 * under watch coloured by today's state — red for a fever or an overdue check, amber for due, green
 * for done, a grey outline after release. A tap on a room says who (masked names) and leads to the
 * order. Printable, one building per A4 landscape sheet.
 */
export function FloorPlanPage() {
  const { t } = useTranslation();
  const me = useSession();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const own = PLAN_TYPES.includes(me.unitType) ? me.unitId : undefined;
  const compound = sp.get('compound') || own;
  const date = DAY.test(sp.get('date') ?? '') ? (sp.get('date') as string) : undefined;
  const plan = usePlan(compound, date);
  const unit = useUnitDetail(compound);
  const [room, setRoom] = useState<PlanRoom | null>(null);
  const [where, setWhere] = useState('');

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setSp(next, { replace: true });
  };

  const data = plan.data;
  let body: ReactNode;
  if (!compound)
    body = <EmptyState description={<span data-testid="plan-pick">{t('alerts.plan.pick')}</span>} />;
  else if (plan.isError && !data) body = <LoadError error={plan.error} onRetry={() => void plan.refetch()} />;
  else if (!data) body = <Loading />;
  else if (data.buildings.length === 0) body = <EmptyState description={t('alerts.plan.noBuildings')} />;
  else
    body = (
      <div
        data-testid="plan-buildings"
        className="sw-plan-buildings"
        style={{
          display: 'grid',
          gap: 12,
          gridTemplateColumns: isMobile
            ? 'minmax(0, 1fr)'
            : 'repeat(auto-fill, minmax(min(100%, 460px), 1fr))',
          alignItems: 'start',
        }}
      >
        {data.buildings.map((b) => (
          <PlanBuilding
            key={b.id}
            building={b}
            printHeader={<PrintHeader plan={data} building={b.name} printedBy={me.displayName} />}
            onOpen={(r) => {
              const entrance = b.entrances.find((e) => e.rooms.some((x) => x.id === r.id));
              setWhere(
                [b.name, entrance && entrance.id !== b.id ? entrance.name : ''].filter(Boolean).join(' '),
              );
              setRoom(r);
            }}
          />
        ))}
      </div>
    );

  return (
    <>
      <style>{PRINT_CSS}</style>
      <IsolationNav />
      <div style={{ display: 'grid', gap: 16 }}>
        <Card
          title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('alerts.plan.title')}</span>}
          extra={
            data &&
            data.buildings.length > 0 && (
              <Button icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="plan-print">
                {isMobile ? null : t('alerts.plan.print')}
              </Button>
            )
          }
          styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 12 } }}
        >
          <div
            className="sw-no-print"
            style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}
          >
            <div style={{ width: isMobile ? '100%' : 320 }} data-testid="plan-compound">
              <UnitTreeSelect
                value={compound}
                valueLabel={unit.data?.name}
                onChange={(id) => {
                  setRoom(null);
                  update({ compound: id });
                }}
                selectableTypes={PLAN_TYPES}
                deepestType="building"
                placeholder={t('alerts.plan.compoundPlaceholder')}
              />
            </div>
            <DatePicker
              value={date ? dayjs(date) : data ? dayjs(data.date) : null}
              onChange={(d) => update({ date: d ? d.format('YYYY-MM-DD') : undefined })}
              allowClear={false}
              size={isMobile ? 'large' : 'middle'}
              style={{ width: isMobile ? 'calc(100% - 56px)' : 160 }}
              data-testid="plan-date"
            />
            <Button
              icon={<ReloadOutlined />}
              aria-label={t('common.refresh')}
              title={t('common.refresh')}
              onClick={() => void plan.refetch()}
              loading={plan.isFetching}
              size={isMobile ? 'large' : 'middle'}
            />
            {date && <Button onClick={() => update({ date: undefined })}>{t('alerts.plan.today')}</Button>}
          </div>
          <div className="sw-no-print" style={{ display: 'grid', gap: 12 }}>
            {data && <PlanCounts plan={data} />}
            {compound && <PlanLegend />}
          </div>
          {data && (
            <Typography.Text type="secondary" className="sw-no-print" style={{ fontSize: 13 }}>
              {t('alerts.plan.hint')}
            </Typography.Text>
          )}
          {body}
        </Card>
        {data && data.elsewhere.length > 0 && (
          <Card
            className="sw-no-print"
            title={t('alerts.plan.elsewhere', { count: data.elsewhere.length })}
            styles={{ body: { padding: isMobile ? 12 : 24 } }}
            data-testid="plan-elsewhere"
          >
            <PlanPersonList persons={data.elsewhere} showAddress />
          </Card>
        )}
      </div>
      <PlanRoomDrawer room={room} where={where} onClose={() => setRoom(null)} />
    </>
  );
}

/** The day's figures of the plan, each with its colour and mark. */
function PlanCounts({ plan }: { plan: PlanDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = usePlanColors();
  const c = plan.counts;
  const items = [
    ['fever', c.fever],
    ['overdue', c.overdue],
    ['due', c.due],
    ['done', c.done],
    ['not_yet_due', c.notYetDue],
    ['released', c.released],
  ] as const;
  return (
    <div
      data-testid="plan-counts"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', fontSize: 14 }}
    >
      <span style={{ fontWeight: 600 }}>
        {t('alerts.plan.summary', { date: plan.date, persons: String(c.persons), rooms: String(c.rooms) })}
      </span>
      {items
        .filter(([, n]) => n > 0)
        .map(([s, n]) => (
          <span
            key={s}
            data-testid={`plan-count-${s}`}
            style={{
              display: 'inline-flex',
              gap: 4,
              alignItems: 'center',
              padding: '2px 10px',
              borderRadius: 999,
              border: '1px solid',
              fontWeight: 600,
              ...colors[s],
              boxShadow: 'none',
            }}
          >
            {PLAN_MARKS[s]} {t(`alerts.plan.legend.${s}`)} {n}
          </span>
        ))}
      {c.elsewhere > 0 && (
        <span style={{ color: token.colorTextSecondary }}>
          {t('alerts.plan.elsewhereCount', { count: c.elsewhere })}
        </span>
      )}
    </div>
  );
}

/** On paper only: what the sheet is, for which day, printed by whom and when. */
function PrintHeader({ plan, building, printedBy }: { plan: PlanDto; building: string; printedBy: string }) {
  const { t } = useTranslation();
  return (
    <div className="sw-print-only" style={{ marginBottom: '4mm' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 12 }}>
        <strong style={{ fontSize: '16pt' }}>
          {t('alerts.plan.printTitle', { compound: plan.unit.name, building })}
        </strong>
        <span style={{ fontSize: '10pt' }}>
          {t('alerts.plan.printMeta', {
            date: plan.date,
            by: printedBy,
            at: formatDateTime(new Date().toISOString()),
          })}
        </span>
      </div>
      <div style={{ marginTop: '2mm' }}>
        <PlanLegend />
      </div>
    </div>
  );
}
