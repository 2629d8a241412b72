import {
  CalendarOutlined,
  LeftOutlined,
  PrinterOutlined,
  ReloadOutlined,
  RightOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import {
  addDays,
  type CheckDto,
  DEFAULT_SCHEDULE,
  localTime,
  type WorklistDto,
  type WorklistRow,
} from '../../../domain/isolation';
import type { ColumnT } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { useUnitDetail } from '../registry/registry.api';
import { UnitTreeSelect } from '../units';
import { CheckSheet, type CheckTarget } from './CheckSheet';
import { FollowUpModal } from './IsolationActions';
import {
  CategoryTag,
  formatTemperature,
  KindTag,
  ShiftCell,
  shiftName,
  useShiftColors,
} from './IsolationDisplay';
import { IsolationNav } from './IsolationNav';
import { useWorklist, type WorklistParams } from './isolation.api';
import { useIsolationEvents } from './use-isolation-events';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const FILTERS = ['due', 'overdue', 'done', 'carried'] as const;
type RowFilter = (typeof FILTERS)[number];

type FollowUp = WorklistDto['followUps'][number];

function matches(r: WorklistRow, f: RowFilter | undefined): boolean {
  if (!f) return true;
  if (f === 'carried') return r.missedBefore > 0;
  // "Due" holds the rows still to be checked now; an overdue row is its own chip.
  return r.state === f;
}

/** The shift a tap on a row records: the one due now, else the first overdue one. */
function targetShift(r: WorklistRow): { shift: number; late: boolean } | null {
  const due = r.shifts.findIndex((s) => s.state === 'due');
  if (due >= 0) return { shift: due, late: false };
  const overdue = r.shifts.findIndex((s) => s.state === 'overdue');
  return overdue >= 0 ? { shift: overdue, late: true } : null;
}

/**
 * 每日一清零: who is due a check now, overdue (red), done today (green with a tick), orders ending
 * today and follow-ups due. Phone-first: a grid worker taps a due row and records the check in a
 * bottom sheet; the row turns green without a reload. Everything lives in the address bar.
 */
export function WorklistPage() {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message, notification } = App.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [sp, setSp] = useSearchParams();
  const canWrite = hasPermission(me, 'isolation.write');
  const isWorker = me.role === 'grid_worker';

  const date = DAY.test(sp.get('date') ?? '') ? (sp.get('date') as string) : undefined;
  const unit = sp.get('unit') || undefined;
  const mine = sp.has('mine') ? sp.get('mine') === '1' : isWorker;
  const show = FILTERS.find((f) => f === sp.get('show'));
  const params: WorklistParams = { date, unit, member: mine ? me.id : undefined };
  const worklist = useWorklist(params);
  const unitLabel = useUnitDetail(unit).data?.name;
  const [target, setTarget] = useState<CheckTarget | null>(null);
  const [followUp, setFollowUp] = useState<FollowUp | null>(null);
  useIsolationEvents();

  const data = worklist.data;
  const today = data ? localTime(data.timeZone, new Date()).day : undefined;
  const shownDate = date ?? data?.date;

  const update = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    setSp(next, { replace: true });
  };
  const goToDate = (d: string | undefined) => update({ date: d && d !== today ? d : undefined });

  const open = (r: WorklistRow, shift?: number) => {
    if (!data || !canWrite) return;
    const pick =
      shift === undefined
        ? targetShift(r)
        : { shift, late: r.shifts[shift]?.state === 'overdue' || data.date !== today };
    if (!pick) return;
    setTarget({
      isolationId: r.isolationId,
      name: r.name,
      address: r.address,
      day: data.date,
      timeZone: data.timeZone,
      shift: pick.shift,
      shiftCount: r.shifts.length,
      late: pick.late || data.date !== today,
    });
  };

  const saved = (check: CheckDto) => {
    const name = target?.name ?? '';
    setTarget(null);
    if (check.escalation) {
      notification.warning({
        title: t('isolation.check.alertRaised', { name }),
        description: t(`isolation.check.alertRaisedHint.${check.escalation}`, {
          value: formatTemperature(check.temperature),
        }),
        actions: (
          <Button type="primary" danger onClick={() => navigate(`/isolation/orders/${check.isolationId}`)}>
            {t('isolation.worklist.openOrder')}
          </Button>
        ),
        duration: 10,
      });
    } else {
      void message.success(t('isolation.check.saved', { name, value: formatTemperature(check.temperature) }));
    }
  };

  const printUrl = `/print/master-table?${new URLSearchParams({
    ...(unit ? { unit } : {}),
    ...(shownDate ? { date: shownDate } : {}),
  }).toString()}`;

  const size = isMobile ? 'large' : 'middle';
  const dayLabel = shownDate
    ? dayjs(shownDate).format(t('isolation.worklist.dateFormat'))
    : t('common.loading');
  const isToday = !!shownDate && shownDate === today;

  const shiftTag = data && data.currentShift !== null && (
    <Tag
      color="blue"
      style={{ marginInlineEnd: 0, fontSize: 14, paddingBlock: 2 }}
      data-testid="worklist-shift"
    >
      {t('isolation.worklist.shiftNow', {
        shift: shiftName(t, data.currentShift, data.rows[0]?.shifts.length ?? DEFAULT_SCHEDULE.starts.length),
      })}
    </Tag>
  );

  const dateBar = (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <Button
        size={size}
        icon={<LeftOutlined />}
        aria-label={t('isolation.worklist.previousDay')}
        disabled={!shownDate}
        onClick={() => shownDate && goToDate(addDays(shownDate, -1))}
        data-testid="worklist-prev-day"
      />
      <DatePicker
        size={size}
        value={shownDate ? dayjs(shownDate) : null}
        allowClear={false}
        inputReadOnly={isMobile}
        format={() => (isToday ? `${dayLabel} · ${t('isolation.worklist.today')}` : dayLabel)}
        disabledDate={(d) => !!today && d.format('YYYY-MM-DD') > today}
        onChange={(d) => d && goToDate(d.format('YYYY-MM-DD'))}
        suffixIcon={<CalendarOutlined />}
        style={isMobile ? { flex: 1, minWidth: 0 } : { width: 220 }}
        data-testid="worklist-date"
      />
      <Button
        size={size}
        icon={<RightOutlined />}
        aria-label={t('isolation.worklist.nextDay')}
        disabled={!shownDate || !today || shownDate >= today}
        onClick={() => shownDate && goToDate(addDays(shownDate, 1))}
        data-testid="worklist-next-day"
      />
      {!isMobile && shiftTag}
      {!isToday && today && (
        <Button size={size} type="link" onClick={() => goToDate(undefined)} style={{ paddingInline: 4 }}>
          {t('isolation.worklist.backToToday')}
        </Button>
      )}
    </div>
  );

  const controls = (
    <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
        <Switch
          id="worklist-mine"
          checked={mine}
          onChange={(on) => update({ mine: on === isWorker ? undefined : on ? '1' : '0' })}
          data-testid="worklist-mine"
        />
        <label htmlFor="worklist-mine" style={{ fontSize: isMobile ? 15 : 14, cursor: 'pointer' }}>
          {t('isolation.worklist.mine')}
        </label>
      </span>
      {isMobile && shiftTag}
      {!isWorker && (
        <div style={{ width: isMobile ? '100%' : 260 }}>
          <UnitTreeSelect
            value={unit}
            valueLabel={unitLabel}
            onChange={(id) => update({ unit: id })}
            selectableTypes={['subdistrict', 'community', 'village', 'compound', 'building']}
            deepestType="building"
            placeholder={t('isolation.worklist.allUnits')}
          />
        </div>
      )}
    </div>
  );

  const chip = (
    key: 'due' | 'overdue' | 'done' | 'endingToday' | 'followUps' | 'carried',
    count: number | undefined,
    color: string,
    onClick: () => void,
    pressed?: boolean,
    hint?: string,
  ) => (
    <button
      key={key}
      type="button"
      onClick={onClick}
      aria-pressed={pressed}
      data-testid={`worklist-count-${key}`}
      title={hint}
      style={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'flex-start',
        gap: 0,
        padding: isMobile ? '8px 10px' : '8px 14px',
        minHeight: isMobile ? 60 : 64,
        borderRadius: token.borderRadiusLG,
        border: `${pressed ? 2 : 1}px solid ${pressed ? color : token.colorBorderSecondary}`,
        background: pressed ? token.colorFillQuaternary : token.colorBgContainer,
        cursor: 'pointer',
        font: 'inherit',
        textAlign: 'start',
      }}
    >
      <span
        style={{
          fontSize: isMobile ? 24 : 26,
          fontWeight: 700,
          color: count ? color : token.colorTextQuaternary,
          lineHeight: 1.2,
        }}
        data-testid="value"
      >
        {count ?? '–'}
      </span>
      <span style={{ fontSize: 13, color: token.colorTextSecondary, whiteSpace: 'nowrap' }}>
        {t(`isolation.worklist.count.${key}`)}
      </span>
    </button>
  );

  const scrollTo = (id: string) => document.getElementById(id)?.scrollIntoView({ behavior: 'smooth' });
  const colors = useShiftColors();
  const toggle = (f: RowFilter) => update({ show: show === f ? undefined : f });
  const counts = data?.counts;
  const chips = (
    <div
      style={{
        display: 'grid',
        gridTemplateColumns: isMobile ? 'repeat(3, 1fr)' : 'repeat(6, minmax(0, 160px))',
        gap: 8,
      }}
      data-testid="worklist-counts"
    >
      {chip('due', counts?.due, colors.due.fg, () => toggle('due'), show === 'due')}
      {chip('overdue', counts?.overdue, colors.overdue.fg, () => toggle('overdue'), show === 'overdue')}
      {chip('done', counts?.done, colors.done.fg, () => toggle('done'), show === 'done')}
      {chip('endingToday', counts?.endingToday, token.colorPrimary, () => scrollTo('worklist-ending'))}
      {chip('followUps', counts?.followUpsDue, '#722ed1', () => scrollTo('worklist-follow-ups'))}
      {chip(
        'carried',
        counts?.carriedOver,
        token.colorError,
        () => toggle('carried'),
        show === 'carried',
        counts
          ? t('isolation.worklist.carriedHint', { persons: String(counts.carriedOverPersons) })
          : undefined,
      )}
    </div>
  );

  let body: ReactNode;
  if (worklist.isPending) body = <Loading minHeight={240} />;
  else if (worklist.isError && !data)
    body = <LoadError error={worklist.error} onRetry={() => void worklist.refetch()} />;
  else if (data) {
    const rows = data.rows.filter((r) => matches(r, show));
    if (data.rows.length === 0)
      body = (
        <EmptyState
          description={
            <>
              <div>{t(mine ? 'isolation.worklist.emptyMine' : 'isolation.worklist.empty')}</div>
              <Typography.Text type="secondary">{t('isolation.worklist.emptyHint')}</Typography.Text>
            </>
          }
        >
          <div style={{ display: 'flex', gap: 8, justifyContent: 'center', flexWrap: 'wrap' }}>
            {mine && (
              <Button
                onClick={() => update({ mine: isWorker ? '0' : undefined })}
                data-testid="worklist-show-all"
              >
                {t('isolation.worklist.showAll')}
              </Button>
            )}
            {canWrite && (
              <Button
                type="primary"
                icon={<UserAddOutlined />}
                onClick={() => navigate('/isolation/persons?new=1')}
              >
                {t('isolation.persons.create')}
              </Button>
            )}
          </div>
        </EmptyState>
      );
    else if (rows.length === 0)
      body = (
        <EmptyState description={t('isolation.worklist.emptyFilter')}>
          <Button onClick={() => update({ show: undefined })}>{t('isolation.worklist.clearFilter')}</Button>
        </EmptyState>
      );
    else if (isMobile)
      body = (
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}
          data-testid="worklist-rows"
        >
          {rows.map((r) => (
            <WorklistCard key={r.isolationId} row={r} onCheck={canWrite ? (s) => open(r, s) : undefined} />
          ))}
        </ul>
      );
    else
      body = (
        <Table<WorklistRow>
          data-testid="worklist-rows"
          rowKey="isolationId"
          size="small"
          columns={columns(t as ColumnT, data, canWrite ? open : undefined)}
          dataSource={rows}
          pagination={rows.length > 100 ? { pageSize: 100, showSizeChanger: false } : false}
          scroll={{ x: 1100 }}
        />
      );
  }

  return (
    <>
      <IsolationNav />
      <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }} data-testid="worklist-page">
        <Card
          styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}
          title={isMobile ? undefined : <span style={{ fontSize: 20 }}>{t('isolation.worklist.title')}</span>}
          extra={
            isMobile ? undefined : (
              <div style={{ display: 'flex', gap: 8 }}>
                <Tooltip title={t('common.refresh')}>
                  <Button
                    icon={<ReloadOutlined />}
                    loading={worklist.isFetching}
                    onClick={() => void worklist.refetch()}
                    aria-label={t('common.refresh')}
                  />
                </Tooltip>
                <Link to={printUrl} target="_blank" rel="noopener">
                  <Button icon={<PrinterOutlined />} data-testid="worklist-print">
                    {t('isolation.worklist.print')}
                  </Button>
                </Link>
              </div>
            )
          }
        >
          {dateBar}
          {controls}
          {chips}
          {worklist.isError && data && (
            <Typography.Text type="danger">{t('isolation.worklist.stale')}</Typography.Text>
          )}
        </Card>
        <Card
          styles={{ body: { padding: isMobile ? 8 : 16 } }}
          title={
            <span>
              {t('isolation.worklist.rows')}
              {data && (
                <Typography.Text type="secondary" style={{ fontWeight: 400, marginInlineStart: 8 }}>
                  {show
                    ? t('isolation.worklist.rowsFiltered', {
                        shown: String(data.rows.filter((r) => matches(r, show)).length),
                        count: String(data.counts.rows),
                      })
                    : t('isolation.worklist.rowsCount', { count: String(data.counts.rows) })}
                </Typography.Text>
              )}
            </span>
          }
        >
          {body}
        </Card>
        {data && <EndingTodayCard items={data.endingToday} />}
        {data && <FollowUpsCard items={data.followUps} canWrite={canWrite} onComplete={setFollowUp} />}
        {isMobile && (
          <Link to={printUrl} data-testid="worklist-print">
            <Button block size="large" icon={<PrinterOutlined />}>
              {t('isolation.worklist.print')}
            </Button>
          </Link>
        )}
      </div>
      {target && <CheckSheet target={target} onClose={() => setTarget(null)} onSaved={saved} />}
      {followUp && (
        <FollowUpModal
          followUp={{
            id: followUp.id,
            name: followUp.name,
            dueOn: followUp.dueOn,
            dayAfter: followUp.dayAfter,
          }}
          onClose={() => setFollowUp(null)}
        />
      )}
    </>
  );
}

/** One row on a phone: who, where, and one big cell per shift (a due or overdue cell records the check). */
function WorklistCard({ row, onCheck }: { row: WorklistRow; onCheck?: (shift: number) => void }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = useShiftColors();
  const edge = colors[row.state === 'not_yet_due' ? 'not_yet_due' : row.state].fg;
  return (
    <li
      data-testid="worklist-row"
      data-isolation={row.isolationId}
      data-state={row.state}
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderInlineStart: `4px solid ${edge}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        background: token.colorBgContainer,
        display: 'grid',
        gap: 8,
      }}
    >
      <div style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
        <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 4 }}>
          <div style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
            <Link
              to={`/isolation/orders/${row.isolationId}`}
              style={{ fontSize: 17, fontWeight: 600, color: token.colorText }}
              data-testid="worklist-name"
            >
              {row.name}
            </Link>
            <CategoryTag category={row.category} short />
            <KindTag kind={row.kind} siteName={row.siteName} />
          </div>
          <div style={{ color: token.colorTextSecondary, fontSize: 13 }}>{row.address}</div>
          <RowBadges row={row} />
        </div>
        <Link
          to={`/isolation/orders/${row.isolationId}`}
          aria-label={t('isolation.worklist.openOrder')}
          style={{ padding: 6, color: token.colorTextQuaternary }}
        >
          <RightOutlined />
        </Link>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: `repeat(${row.shifts.length}, 1fr)`, gap: 8 }}>
        {row.shifts.map((s, i) => (
          <ShiftCell
            // biome-ignore lint/suspicious/noArrayIndexKey: shifts are positional (morning, afternoon)
            key={i}
            shift={s}
            index={i}
            count={row.shifts.length}
            onClick={onCheck && (s.state === 'due' || s.state === 'overdue') ? () => onCheck(i) : undefined}
          />
        ))}
      </div>
    </li>
  );
}

/** Missed checks carried over, open alerts, and the release due today. */
function RowBadges({ row }: { row: WorklistRow }) {
  const { t } = useTranslation();
  if (row.missedBefore === 0 && row.openAlerts === 0 && !row.endsToday) return null;
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {row.openAlerts > 0 && (
        <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="worklist-alerts">
          {t('isolation.worklist.openAlerts', { count: String(row.openAlerts) })}
        </Tag>
      )}
      {row.missedBefore > 0 && (
        <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
          {t('isolation.worklist.missedBefore', { count: String(row.missedBefore) })}
        </Tag>
      )}
      {row.endsToday && (
        <Tag color="blue" style={{ marginInlineEnd: 0 }}>
          {t('isolation.worklist.endsToday')}
        </Tag>
      )}
    </span>
  );
}

function columns(
  t: ColumnT,
  data: WorklistDto,
  onCheck: ((r: WorklistRow, shift?: number) => void) | undefined,
): TableColumnsType<WorklistRow> {
  const shiftCount = data.rows[0]?.shifts.length ?? 2;
  const shiftColumns: TableColumnsType<WorklistRow> = Array.from({ length: shiftCount }, (_, i) => ({
    title:
      shiftCount === 2
        ? t(i === 0 ? 'isolation.shift.morning' : 'isolation.shift.afternoon')
        : t('isolation.shift.nth', { n: String(i + 1) }),
    key: `shift-${i}`,
    width: 112,
    render: (_: unknown, r: WorklistRow) => {
      const s = r.shifts[i];
      if (!s) return null;
      return (
        <ShiftCell
          shift={s}
          index={i}
          count={r.shifts.length}
          size="small"
          onClick={onCheck && (s.state === 'due' || s.state === 'overdue') ? () => onCheck(r, i) : undefined}
        />
      );
    },
  }));
  return [
    {
      title: t('isolation.field.name'),
      dataIndex: 'name',
      width: 110,
      fixed: 'left',
      render: (name: string, r) => (
        <Link
          to={`/isolation/orders/${r.isolationId}`}
          style={{ fontWeight: 600 }}
          data-testid="worklist-name"
        >
          {name}
        </Link>
      ),
    },
    ...shiftColumns,
    {
      title: t('isolation.field.category'),
      dataIndex: 'category',
      width: 120,
      render: (c: WorklistRow['category']) => <CategoryTag category={c} short />,
    },
    { title: t('isolation.field.address'), dataIndex: 'address', ellipsis: true },
    {
      title: t('isolation.field.kind'),
      key: 'kind',
      width: 150,
      ellipsis: true,
      render: (_: unknown, r) => <KindTag kind={r.kind} siteName={r.siteName} />,
    },
    {
      title: t('isolation.field.flags'),
      key: 'flags',
      width: 150,
      render: (_: unknown, r) => <RowBadges row={r} />,
    },
    {
      title: t('isolation.field.plannedEnd'),
      dataIndex: 'plannedEndOn',
      width: 110,
    },
    ...(onCheck
      ? [
          {
            title: '',
            key: 'action',
            width: 88,
            fixed: 'right' as const,
            render: (_: unknown, r: WorklistRow) =>
              targetShift(r) ? (
                <Button size="small" type="primary" onClick={() => onCheck(r)} data-testid="worklist-record">
                  {t('isolation.worklist.record')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
}

function EndingTodayCard({ items }: { items: WorklistDto['endingToday'] }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Card
      id="worklist-ending"
      title={t('isolation.worklist.endingTitle', { count: String(items.length) })}
      styles={{ body: { padding: isMobile ? 12 : 16 } }}
      data-testid="worklist-ending"
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('isolation.worklist.endingNone')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
          {items.map((e) => (
            <li
              key={e.isolationId}
              style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8 }}
            >
              <span>
                <Link to={`/isolation/orders/${e.isolationId}`} style={{ fontWeight: 600 }}>
                  {e.name}
                </Link>
                <Typography.Text type="secondary">
                  {' '}
                  {t('isolation.worklist.plannedEnd', { date: e.plannedEndOn })}
                </Typography.Text>
              </span>
              <Link to={`/isolation/orders/${e.isolationId}?action=release`}>
                <Button size={isMobile ? 'large' : 'middle'}>{t('isolation.order.release')}</Button>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function FollowUpsCard({
  items,
  canWrite,
  onComplete,
}: {
  items: FollowUp[];
  canWrite: boolean;
  onComplete: (f: FollowUp) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  return (
    <Card
      id="worklist-follow-ups"
      title={t('isolation.worklist.followUpsTitle', { count: String(items.length) })}
      styles={{ body: { padding: isMobile ? 12 : 16 } }}
      data-testid="worklist-follow-ups"
    >
      {items.length === 0 ? (
        <Typography.Text type="secondary">{t('isolation.worklist.followUpsNone')}</Typography.Text>
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }}>
          {items.map((f) => (
            <li
              key={f.id}
              style={{
                display: 'flex',
                alignItems: 'center',
                justifyContent: 'space-between',
                gap: 8,
                flexWrap: 'wrap',
              }}
            >
              <span style={{ display: 'grid', gap: 2, minWidth: 0 }}>
                <span style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Link to={`/isolation/orders/${f.isolationId}`} style={{ fontWeight: 600 }}>
                    {f.name}
                  </Link>
                  <span>{t('isolation.followUp.dayAfter', { n: String(f.dayAfter) })}</span>
                  {f.overdue && (
                    <Tag color="red" style={{ marginInlineEnd: 0 }}>
                      {t('isolation.followUp.overdue', { date: f.dueOn })}
                    </Tag>
                  )}
                </span>
                <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>{f.address}</span>
              </span>
              {canWrite && (
                <Button
                  size={isMobile ? 'large' : 'middle'}
                  onClick={() => onComplete(f)}
                  data-testid="follow-up-complete"
                >
                  {t('isolation.followUp.complete')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
