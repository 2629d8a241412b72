import { RightOutlined } from '@ant-design/icons';
import { Drawer, Typography, theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FEVER_THRESHOLD } from '../../../domain/isolation';
import { useIsMobile } from '../../components/use-is-mobile';
import { FloorGrid, GRID_CELL } from '../registry/coverage/BuildingGrid';
import type { PlanBuilding as PlanBuildingDto, PlanPerson, PlanRoom, PlanState } from './alerts.api';
import { CategoryTag, KindTag } from './IsolationDisplay';

/** A mark per state, so the plan reads in grey print and for the colour-blind too. */
export const PLAN_MARKS: Record<PlanState, string> = {
  fever: '!',
  overdue: '✗',
  due: '◔',
  not_yet_due: '○',
  done: '✓',
  released: '◇',
};

/** Red for a fever or an overdue check, amber for due, green for done, grey outline for released. */
export function usePlanColors(): Record<PlanState | 'empty', CSSProperties> {
  const { token } = theme.useToken();
  return {
    fever: {
      background: token.colorError,
      borderColor: token.colorErrorActive,
      color: '#fff',
      boxShadow: `inset 0 0 0 2px ${token.colorErrorActive}`,
    },
    overdue: { background: token.colorError, borderColor: token.colorError, color: '#fff' },
    due: { background: token.colorWarning, borderColor: token.colorWarningActive, color: '#000' },
    not_yet_due: {
      background: token.colorInfoBg,
      borderColor: token.colorInfoBorder,
      color: token.colorText,
    },
    done: { background: token.colorSuccessActive, borderColor: token.colorSuccessActive, color: '#fff' },
    released: {
      background: token.colorBgContainer,
      borderColor: token.colorTextTertiary,
      borderStyle: 'dashed',
      borderWidth: 2,
      color: token.colorTextSecondary,
    },
    empty: {
      background: token.colorFillQuaternary,
      borderColor: token.colorBorderSecondary,
      color: token.colorTextTertiary,
    },
  };
}

/** The state of a person in words: `超时未测`, `已解除，03-10 随访`… */
export function usePlanStateText() {
  const { t } = useTranslation();
  return (p: Pick<PlanPerson, 'state' | 'status' | 'nextFollowUpOn'>) => {
    if (p.state === 'released') {
      const base = t(`alerts.plan.status.${p.status}`);
      return p.nextFollowUpOn ? t('alerts.plan.followUpOn', { base, date: p.nextFollowUpOn.slice(5) }) : base;
    }
    return t(`alerts.plan.state.${p.state}`);
  };
}

const cellStyle: CSSProperties = {
  ...GRID_CELL,
  minWidth: 64,
  height: 48,
  font: 'inherit',
  fontSize: 13,
  cursor: 'pointer',
};

/** One building of the floor plan; a tap on a watched room opens who is in it. */
export function PlanBuilding({
  building,
  onOpen,
  printHeader,
}: {
  building: PlanBuildingDto;
  onOpen: (room: PlanRoom) => void;
  printHeader?: ReactNode;
}) {
  const { t } = useTranslation();
  const colors = usePlanColors();
  const stateText = usePlanStateText();
  const rooms = building.entrances.flatMap((e) => e.rooms);
  const watched = rooms.filter((r) => r.persons.length > 0).length;

  const cell = (r: PlanRoom) => {
    const first = r.persons[0];
    const more = r.persons.length - 1;
    const label = first
      ? `${r.name}${t('common.colon')}${r.persons.map((p) => `${p.name} ${stateText(p)}`).join('；')}`
      : t('alerts.plan.cellEmpty', { room: r.name });
    const content = (
      <>
        <span style={{ fontWeight: 600 }}>{r.name}</span>
        <span style={{ fontSize: 11, minHeight: 13, whiteSpace: 'nowrap' }}>
          {first && r.state ? `${PLAN_MARKS[r.state]} ${first.name}${more > 0 ? ` +${more}` : ''}` : ''}
        </span>
      </>
    );
    const common = {
      'data-testid': 'plan-cell',
      'data-room': r.id,
      'data-state': r.state ?? 'none',
      'aria-label': label,
      title: label,
      className: 'sw-plan-cell',
    };
    if (!first)
      return (
        <span style={{ ...cellStyle, ...colors.empty, cursor: 'default' }} {...common}>
          {content}
        </span>
      );
    return (
      <button
        type="button"
        style={{ ...cellStyle, ...colors[r.state ?? 'released'] }}
        onClick={() => onOpen(r)}
        {...common}
      >
        {content}
      </button>
    );
  };

  return (
    <div className="sw-plan-page">
      {printHeader}
      <FloorGrid
        building={building}
        testId="plan-building"
        className="sw-plan-building"
        summary={t('alerts.plan.buildingLine', { watched: String(watched), rooms: String(rooms.length) })}
        renderCell={cell}
      />
    </div>
  );
}

/** What the colours and marks mean. */
export function PlanLegend() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = usePlanColors();
  const states: PlanState[] = ['fever', 'overdue', 'due', 'done', 'not_yet_due', 'released'];
  return (
    <div
      data-testid="plan-legend"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '6px 16px',
        fontSize: 13,
        color: token.colorTextSecondary,
      }}
    >
      {states.map((s) => (
        <span key={s} style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
          <span
            aria-hidden
            style={{
              display: 'inline-flex',
              alignItems: 'center',
              justifyContent: 'center',
              width: 20,
              height: 18,
              borderRadius: 3,
              border: '1px solid',
              fontSize: 11,
              fontWeight: 700,
              ...colors[s],
            }}
          >
            {PLAN_MARKS[s]}
          </span>
          {t(`alerts.plan.legend.${s}`)}
        </span>
      ))}
    </div>
  );
}

/** Who is under watch in a room: masked names, state, reading, and the way to the order. */
export function PlanPersonList({
  persons,
  showAddress,
}: {
  persons: (PlanPerson & { address?: string })[];
  showAddress?: boolean;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = usePlanColors();
  const stateText = usePlanStateText();
  return (
    <ul
      style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }}
      data-testid="plan-persons"
    >
      {persons.map((p) => (
        <li
          key={p.isolationId}
          data-testid="plan-person"
          data-state={p.state}
          style={{
            display: 'grid',
            gap: 4,
            padding: 12,
            border: `1px solid ${token.colorBorderSecondary}`,
            borderInlineStart: `6px solid ${p.state === 'released' ? token.colorTextTertiary : String(colors[p.state].background)}`,
            borderRadius: token.borderRadiusLG,
          }}
        >
          <div style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 6 }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {p.name}
            </Typography.Text>
            <CategoryTag category={p.category} short />
            <KindTag kind={p.kind} siteName={p.siteName} />
          </div>
          {showAddress && p.address && (
            <span style={{ color: token.colorTextSecondary, overflowWrap: 'anywhere' }}>{p.address}</span>
          )}
          <span style={{ fontWeight: 600 }} data-testid="plan-person-state">
            {PLAN_MARKS[p.state]} {stateText(p)}
            {p.lastTemperature !== null && (
              <span
                style={{
                  marginInlineStart: 8,
                  color: p.lastTemperature >= FEVER_THRESHOLD ? token.colorError : token.colorText,
                }}
              >
                {p.lastTemperature.toFixed(1)}°C
              </span>
            )}
          </span>
          <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>
            {[
              t('alerts.plan.plannedEnd', { date: p.plannedEndOn }),
              p.openAlerts > 0 ? t('alerts.plan.openAlerts', { count: p.openAlerts }) : '',
              p.missedBefore > 0 ? t('alerts.plan.missedBefore', { count: p.missedBefore }) : '',
            ]
              .filter(Boolean)
              .join(' · ')}
          </span>
          <Link
            to={`/isolation/orders/${p.isolationId}`}
            data-testid="plan-order-link"
            style={{ minHeight: 32 }}
          >
            {t('alerts.viewOrder')} <RightOutlined />
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** The room's sheet: a bottom sheet on a phone, a side panel on a desk. */
export function PlanRoomDrawer({
  room,
  where,
  onClose,
}: {
  room: PlanRoom | null;
  where: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <Drawer
      open={!!room}
      onClose={onClose}
      placement={isMobile ? 'bottom' : 'right'}
      size={isMobile ? '70vh' : 420}
      title={room ? t('alerts.plan.roomTitle', { where, room: room.name }) : ''}
      data-testid="plan-room"
    >
      {room && <PlanPersonList persons={room.persons} />}
    </Drawer>
  );
}
