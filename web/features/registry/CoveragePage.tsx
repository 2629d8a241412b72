import { DownOutlined, EditOutlined, PrinterOutlined, RightOutlined } from '@ant-design/icons';
import {
  Breadcrumb,
  Button,
  type ButtonProps,
  Card,
  Dropdown,
  Pagination,
  Progress,
  Table,
  type TableColumnsType,
  Typography,
  theme,
} from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import type { UnitDetailDto, UnitType } from '../../../domain/units';
import { formatNumber } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import { BuildingGrid, entryLink, GridLegend } from './coverage/BuildingGrid';
import {
  type CoverageChild,
  type CoverageFigures,
  gridRootOf,
  useCoverage,
  useCoverageGrid,
  useScopeUnit,
  useUnreached,
} from './coverage.api';
import { RegistryNav } from './RegistryNav';
import { useOwnUnit } from './registry.api';

const UNREACHED_PAGE_SIZE = 20;
const SCOPE_TYPES: readonly UnitType[] = [
  'subdistrict',
  'community',
  'village',
  'compound',
  'building',
  'entrance',
];
const GRID_TYPES: readonly UnitType[] = ['compound', 'building', 'entrance'];

/** Whole per mille, rounded down: 99.96 % of rooms is not "100 %". */
export function coveredPercent(f: Pick<CoverageFigures, 'rooms' | 'reached'>): number {
  return f.rooms === 0 ? 0 : Math.floor((f.reached / f.rooms) * 1000) / 10;
}

/**
 * 摸排进度: how far the census has got in a scope — figures, the children with a bar each (drill down),
 * a compound's building × floor grid, and the rooms still to visit with a way to start walking them.
 * The scope lives in the address bar, so back returns to the level above.
 */
export function CoveragePage() {
  const { t } = useTranslation();
  const me = useSession();
  const isMobile = useIsMobile();
  const [sp, setSp] = useSearchParams();
  const own = useOwnUnit();
  const scopeId = sp.get('unit') || own.data?.id;
  const scope = useScopeUnit(scopeId);
  const figures = useCoverage(scopeId);
  const canWrite = hasPermission(me, 'persons.write');

  const open = (id: string) => {
    if (id !== sp.get('unit')) setSp({ unit: id });
    window.scrollTo(0, 0);
  };

  let body: ReactNode;
  if (own.isError) body = <LoadError error={own.error} onRetry={() => void own.refetch()} />;
  else if (scope.isError) body = <LoadError error={scope.error} onRetry={() => void scope.refetch()} />;
  else if (figures.isError) body = <LoadError error={figures.error} onRetry={() => void figures.refetch()} />;
  else if (!scope.data || !figures.data) body = <Loading />;
  else body = <Figures figures={figures.data} />;

  const unit = scope.data;
  const data = figures.data;
  const childRows = data?.children.filter((c) => c.type !== 'household') ?? [];

  return (
    <>
      <RegistryNav />
      <div style={{ display: 'grid', gap: 16 }}>
        <Card
          title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('coverage.title')}</span>}
          extra={unit && data && data.rooms > 0 && <PrintMenu unitId={unit.id} figures={data} />}
          styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 16 } }}
        >
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center' }}>
            <div style={{ width: isMobile ? '100%' : 320 }} data-testid="coverage-scope">
              <UnitTreeSelect
                value={scopeId}
                valueLabel={unit?.name}
                onChange={(id) => id && open(id)}
                selectableTypes={SCOPE_TYPES}
                deepestType="entrance"
                placeholder={t('coverage.scopePlaceholder')}
              />
            </div>
            {unit && <ScopeTrail unit={unit} ownId={own.data?.id} onOpen={open} />}
          </div>
          {body}
        </Card>

        {unit && data && childRows.length > 0 && (
          <ChildrenCard type={childRows[0]?.type ?? ''} rows={childRows} onOpen={open} />
        )}
        {unit && data && data.rooms > 0 && GRID_TYPES.includes(unit.type) && (
          <GridCard unit={unit} canWrite={canWrite} />
        )}
        {unit && data && data.rooms > 0 && (
          <UnreachedCard key={unit.id} unitId={unit.id} canWrite={canWrite} />
        )}
      </div>
    </>
  );
}

/** The way up from the scope to the account's own node, each step clickable. */
function ScopeTrail({
  unit,
  ownId,
  onOpen,
}: {
  unit: UnitDetailDto;
  ownId: string | undefined;
  onOpen: (id: string) => void;
}) {
  const start = unit.ancestors.findIndex((a) => a.id === ownId);
  const above = unit.id === ownId ? [] : unit.ancestors.slice(Math.max(0, start));
  if (above.length === 0) return null;
  return (
    <Breadcrumb
      data-testid="coverage-trail"
      items={[
        ...above.map((a) => ({
          key: a.id,
          title: (
            <a
              href={`?unit=${a.id}`}
              onClick={(e) => {
                e.preventDefault();
                onOpen(a.id);
              }}
            >
              {a.name}
            </a>
          ),
        })),
        { key: unit.id, title: unit.name },
      ]}
    />
  );
}

function Figures({ figures }: { figures: CoverageFigures }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const percent = coveredPercent(figures);
  const unreached = figures.rooms - figures.reached;
  const box = (key: string, label: string, value: ReactNode, color?: string) => (
    <div
      key={key}
      data-testid={`coverage-figure-${key}`}
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: '10px 14px',
        display: 'grid',
        gap: 2,
      }}
    >
      <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>{label}</span>
      <span
        data-testid="value"
        style={{
          fontSize: 24,
          fontWeight: 600,
          color: color ?? token.colorText,
          fontVariantNumeric: 'tabular-nums',
        }}
      >
        {value}
      </span>
    </div>
  );
  if (figures.rooms === 0) return <Typography.Text type="secondary">{t('coverage.noRooms')}</Typography.Text>;
  return (
    <div style={{ display: 'grid', gap: 12 }}>
      <div
        style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(140px, 1fr))', gap: 12 }}
        data-testid="coverage-figures"
      >
        {box('rooms', t('coverage.figures.rooms'), formatNumber(figures.rooms))}
        {box('households', t('coverage.figures.households'), formatNumber(figures.households))}
        {box('covered', t('coverage.figures.covered'), `${percent}%`, token.colorPrimary)}
        {box('persons', t('coverage.figures.persons'), formatNumber(figures.persons))}
        {box(
          'unreached',
          t('coverage.figures.unreached'),
          formatNumber(unreached),
          unreached > 0 ? token.colorWarningText : token.colorSuccessText,
        )}
      </div>
      <div>
        <Progress
          percent={percent}
          showInfo={false}
          strokeColor={token.colorSuccess}
          aria-label={t('coverage.figures.covered')}
        />
        <Typography.Text type="secondary" data-testid="coverage-progress">
          {t('coverage.progress', { reached: String(figures.reached), rooms: String(figures.rooms) })}
        </Typography.Text>
      </div>
    </div>
  );
}

function Bar({ f }: { f: CoverageFigures }) {
  const { token } = theme.useToken();
  return (
    <Progress
      percent={coveredPercent(f)}
      size="small"
      strokeColor={token.colorSuccess}
      format={(p) => `${p}%`}
      style={{ margin: 0, minWidth: 120 }}
    />
  );
}

function ChildrenCard({
  type,
  rows,
  onOpen,
}: {
  type: string;
  rows: CoverageChild[];
  onOpen: (id: string) => void;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const title = t('coverage.children', { type: t(`unitType.${type}`, { defaultValue: type }) });
  const nameLink = (c: CoverageChild) => (
    <a
      href={`?unit=${c.id}`}
      onClick={(e) => {
        e.preventDefault();
        e.stopPropagation();
        onOpen(c.id);
      }}
      style={{ fontWeight: 600 }}
      data-testid="coverage-child"
    >
      {c.name}
    </a>
  );
  if (isMobile)
    return (
      <Card title={title} styles={{ body: { padding: 12 } }}>
        <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
          {rows.map((c) => (
            <li key={c.id}>
              <a
                href={`?unit=${c.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  onOpen(c.id);
                }}
                data-testid="coverage-child"
                style={{
                  display: 'flex',
                  alignItems: 'center',
                  gap: 8,
                  padding: 12,
                  border: `1px solid ${token.colorBorderSecondary}`,
                  borderRadius: token.borderRadiusLG,
                  color: token.colorText,
                }}
              >
                <div style={{ flex: 1, minWidth: 0, display: 'grid', gap: 2 }}>
                  <span style={{ fontWeight: 600, fontSize: 16 }}>{c.name}</span>
                  <Bar f={c} />
                  <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>
                    {t('coverage.childLine', {
                      rooms: String(c.rooms),
                      households: String(c.households),
                      persons: String(c.persons),
                      unreached: String(c.rooms - c.reached),
                    })}
                  </span>
                </div>
                <RightOutlined style={{ color: token.colorTextQuaternary }} />
              </a>
            </li>
          ))}
        </ul>
      </Card>
    );
  const columns: TableColumnsType<CoverageChild> = [
    { title: t('coverage.col.name'), key: 'name', render: (_, c) => nameLink(c) },
    { title: t('coverage.col.progress'), key: 'progress', width: 260, render: (_, c) => <Bar f={c} /> },
    { title: t('coverage.col.rooms'), dataIndex: 'rooms', width: 90, align: 'right' },
    { title: t('coverage.col.reached'), dataIndex: 'reached', width: 90, align: 'right' },
    { title: t('coverage.col.households'), dataIndex: 'households', width: 90, align: 'right' },
    { title: t('coverage.col.persons'), dataIndex: 'persons', width: 90, align: 'right' },
    {
      title: t('coverage.col.unreached'),
      key: 'unreached',
      width: 90,
      align: 'right',
      render: (_, c) => c.rooms - c.reached,
    },
  ];
  return (
    <Card
      title={title}
      extra={<Typography.Text type="secondary">{t('coverage.childrenHint')}</Typography.Text>}
    >
      <Table<CoverageChild>
        data-testid="coverage-children"
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={(c) => ({ onClick: () => onOpen(c.id), style: { cursor: 'pointer' } })}
      />
    </Card>
  );
}

/** The compound's grid; below a compound, only the scope's building (and entrance). */
function GridCard({ unit, canWrite }: { unit: UnitDetailDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const grid = useCoverageGrid(gridRootOf(unit)?.id);
  let body: ReactNode;
  if (grid.isError) body = <LoadError error={grid.error} onRetry={() => void grid.refetch()} compact />;
  else if (!grid.data) body = <Loading />;
  else {
    const ids = new Set([unit.id, ...unit.ancestors.map((a) => a.id)]);
    const buildings = grid.data.buildings
      .filter((b) => unit.type === 'compound' || ids.has(b.id))
      .map((b) =>
        unit.type === 'entrance' ? { ...b, entrances: b.entrances.filter((e) => e.id === unit.id) } : b,
      );
    body =
      buildings.length === 0 ? (
        <Typography.Text type="secondary">{t('coverage.grid.empty')}</Typography.Text>
      ) : (
        <div
          style={{
            display: 'grid',
            gap: 12,
            gridTemplateColumns: isMobile
              ? 'minmax(0, 1fr)'
              : 'repeat(auto-fill, minmax(min(100%, 420px), 1fr))',
            alignItems: 'start',
          }}
          data-testid="coverage-grid"
        >
          {buildings.map((b) => (
            <BuildingGrid key={b.id} building={b} walkId={unit.id} canWrite={canWrite} />
          ))}
        </div>
      );
  }
  return (
    <Card
      title={t('coverage.grid.title')}
      styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 12 } }}
    >
      <Typography.Text type="secondary">
        {canWrite ? t('coverage.grid.hint') : t('coverage.grid.hintReadOnly')}
      </Typography.Text>
      <GridLegend />
      {body}
    </Card>
  );
}

/** The census worklist: rooms nobody has registered yet, paged, each with a way in. */
function UnreachedCard({ unitId, canWrite }: { unitId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [page, setPage] = useState(1);
  const list = useUnreached(unitId, page, UNREACHED_PAGE_SIZE);
  const first = useUnreached(unitId, 1, UNREACHED_PAGE_SIZE).data?.items[0];
  const total = list.data?.total ?? 0;

  // Rooms registered elsewhere shrink the list: never stay on a page past its end.
  useEffect(() => {
    const last = Math.max(1, Math.ceil(total / UNREACHED_PAGE_SIZE));
    if (list.data && page > last) setPage(last);
  }, [list.data, total, page]);

  let body: ReactNode;
  if (list.isError) body = <LoadError error={list.error} onRetry={() => void list.refetch()} compact />;
  else if (!list.data) body = <Loading />;
  else if (total === 0) body = <EmptyState description={t('coverage.unreached.none')} />;
  else
    body = (
      <>
        <ul
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid' }}
          data-testid="unreached-list"
        >
          {list.data.items.map((r) => (
            <li
              key={r.id}
              data-testid="unreached-room"
              data-room={r.id}
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 12,
                padding: isMobile ? '10px 0' : '8px 0',
                borderBottom: `1px solid ${token.colorBorderSecondary}`,
              }}
            >
              <span style={{ flex: 1, minWidth: 0, overflowWrap: 'anywhere' }}>{r.address}</span>
              {r.floor !== null && !isMobile && (
                <span style={{ color: token.colorTextSecondary, width: 56, textAlign: 'right' }}>
                  {t('coverage.grid.floor', { floor: String(r.floor) })}
                </span>
              )}
              {canWrite && (
                <LinkButton
                  to={entryLink(r.id, unitId)}
                  icon={<EditOutlined />}
                  size={isMobile ? 'large' : 'middle'}
                  testId="unreached-enter"
                >
                  {t('coverage.unreached.enter')}
                </LinkButton>
              )}
            </li>
          ))}
        </ul>
        {total > UNREACHED_PAGE_SIZE && (
          <Pagination
            simple={isMobile}
            current={page}
            pageSize={UNREACHED_PAGE_SIZE}
            total={total}
            showSizeChanger={false}
            onChange={setPage}
            style={{ display: 'flex', justifyContent: 'center' }}
          />
        )}
      </>
    );

  return (
    <Card
      title={
        <span>
          {t('coverage.unreached.title')}
          {list.data && (
            <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 8, fontSize: 14 }}>
              {t('coverage.unreached.count', { count: total })}
            </Typography.Text>
          )}
        </span>
      }
      extra={
        canWrite &&
        first &&
        !isMobile && (
          <LinkButton to={entryLink(first.id, unitId)} type="primary" testId="unreached-walk">
            {t('coverage.unreached.startWalk')}
          </LinkButton>
        )
      }
      styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 12 } }}
      data-testid="unreached-card"
    >
      {canWrite && first && isMobile && (
        <LinkButton
          to={entryLink(first.id, unitId)}
          type="primary"
          size="large"
          block
          testId="unreached-walk"
        >
          {t('coverage.unreached.startWalk')}
        </LinkButton>
      )}
      {canWrite && first && (
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('coverage.unreached.startWalkHint')}
        </Typography.Text>
      )}
      {body}
    </Card>
  );
}

/** A button that is a real link (open in a new tab works) but navigates inside the app. */
function LinkButton({
  to,
  testId,
  ...props
}: { to: string; testId: string } & Pick<ButtonProps, 'type' | 'size' | 'icon' | 'block' | 'children'>) {
  const navigate = useNavigate();
  return (
    <Button
      {...props}
      href={to}
      data-testid={testId}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        navigate(to);
      }}
    />
  );
}

/** Paper cards for the scope: every room, or only those still to visit. Opens the print page. */
function PrintMenu({ unitId, figures }: { unitId: string; figures: CoverageFigures }) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const href = (only: boolean) =>
    `/print/cards?${new URLSearchParams({ unit: unitId, ...(only ? { only: 'unreached' } : {}) })}`;
  const unreached = figures.rooms - figures.reached;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: [
          {
            key: 'unreached',
            disabled: unreached === 0,
            label: (
              <a href={href(true)} target="_blank" rel="noopener" data-testid="print-unreached">
                {t('coverage.print.unreached', { count: unreached })}
              </a>
            ),
          },
          {
            key: 'all',
            label: (
              <a href={href(false)} target="_blank" rel="noopener" data-testid="print-all">
                {t('coverage.print.all', { count: figures.rooms })}
              </a>
            ),
          },
        ],
      }}
    >
      <Button
        icon={<PrinterOutlined />}
        size={isMobile ? 'large' : 'middle'}
        aria-label={t('coverage.print.button')}
        data-testid="print-cards"
      >
        {isMobile ? null : t('coverage.print.button')}
        <DownOutlined />
      </Button>
    </Dropdown>
  );
}
