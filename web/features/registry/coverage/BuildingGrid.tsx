import { theme } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { GridBuilding, GridRoom } from '../coverage.api';

/** Where a room leads: its household, or the entry page walking the scope when it is not reached. */
export function entryLink(roomId: string, walkId: string): string {
  return `/registry/entry?${new URLSearchParams({ room: roomId, walk: walkId })}`;
}

export function useStatusColors() {
  const { token } = theme.useToken();
  return {
    // Solid green for done, pale amber for still to do: told apart at a glance, in grey print too.
    reached: { background: token.colorSuccessActive, borderColor: token.colorSuccessActive, color: '#fff' },
    unreached: {
      background: token.colorWarningBg,
      borderColor: token.colorWarningBorder,
      color: token.colorText,
    },
  };
}

const NO_FLOOR = 'none';

/** What a cell of the grid needs to be placed: a room with its floor. */
export type GridPlace = { id: string; name: string; floor: number | null };
/** A building as the grid draws it: entrances (单元), each with its rooms. */
export type GridShape<R extends GridPlace> = {
  id: string;
  name: string;
  entrances: { id: string; name: string; rooms: R[] }[];
};

/** Rows of floors, top floor first; rooms without a floor come last. */
function floorsOf<R extends GridPlace>(b: GridShape<R>): (number | null)[] {
  const floors = new Set<number>();
  let noFloor = false;
  for (const e of b.entrances)
    for (const r of e.rooms) {
      if (r.floor === null) noFloor = true;
      else floors.add(r.floor);
    }
  return [...[...floors].sort((a, z) => z - a), ...(noFloor ? [null] : [])];
}

function roomsOn<R extends GridPlace>(rooms: R[], floor: number | null) {
  return rooms.filter((r) => r.floor === floor);
}

/** The base look of a cell; callers add their colours. */
export const GRID_CELL: CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  alignItems: 'center',
  justifyContent: 'center',
  minWidth: 52,
  height: 44,
  padding: '0 4px',
  border: '1px solid',
  borderRadius: 4,
  fontSize: 13,
  lineHeight: 1.15,
  textDecoration: 'none',
};

/**
 * One building as it stands: a row per floor (top floor first), a group of columns per entrance
 * (单元), one cell per room drawn by `renderCell`. The block scrolls sideways on a phone. Shared by
 * the census coverage grid and the isolation floor plan.
 */
export function FloorGrid<R extends GridPlace>({
  building,
  summary,
  renderCell,
  testId = 'grid-building',
  className,
}: {
  building: GridShape<R>;
  /** Shown at the right of the building's name (e.g. `3/8 间`). */
  summary?: ReactNode;
  renderCell: (room: R) => ReactNode;
  testId?: string;
  className?: string;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const floors = floorsOf(building);
  const rooms = building.entrances.flatMap((e) => e.rooms);
  // Columns per entrance: the most rooms on any one of its floors.
  const widths = building.entrances.map((e) => Math.max(1, ...floors.map((f) => roomsOn(e.rooms, f).length)));
  const namedEntrances = !(building.entrances.length === 1 && building.entrances[0]?.id === building.id);

  const th: CSSProperties = {
    fontWeight: 500,
    fontSize: 12,
    color: token.colorTextSecondary,
    padding: '2px 6px',
    whiteSpace: 'nowrap',
  };

  return (
    <section
      data-testid={testId}
      data-building={building.id}
      className={className}
      style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG }}
    >
      <header
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'baseline',
          gap: 8,
          padding: '8px 12px',
          borderBottom: `1px solid ${token.colorBorderSecondary}`,
        }}
      >
        <span style={{ fontWeight: 600, fontSize: 15 }}>{building.name}</span>
        {summary !== undefined && (
          <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>{summary}</span>
        )}
      </header>
      <div className="sw-grid-scroll" style={{ overflowX: 'auto', padding: 8 }}>
        {rooms.length === 0 ? (
          <span style={{ color: token.colorTextTertiary }}>{t('coverage.grid.empty')}</span>
        ) : (
          <table style={{ borderCollapse: 'separate', borderSpacing: 4, margin: '0 auto 0 0' }}>
            {namedEntrances && (
              <thead>
                <tr>
                  <th />
                  {building.entrances.map((e, i) => (
                    <th key={e.id} colSpan={widths[i]} style={{ ...th, textAlign: 'center' }}>
                      {e.name}
                    </th>
                  ))}
                </tr>
              </thead>
            )}
            <tbody>
              {floors.map((f) => (
                <tr key={f ?? NO_FLOOR}>
                  <th
                    scope="row"
                    style={{
                      ...th,
                      textAlign: 'right',
                      position: 'sticky',
                      left: 0,
                      background: token.colorBgContainer,
                    }}
                  >
                    {f === null ? t('coverage.grid.noFloor') : t('coverage.grid.floor', { floor: String(f) })}
                  </th>
                  {building.entrances.map((e, i) => {
                    const here = roomsOn(e.rooms, f);
                    const pad = (widths[i] ?? 1) - here.length;
                    return [
                      ...here.map((r) => <td key={r.id}>{renderCell(r)}</td>),
                      ...Array.from({ length: pad }, (_, k) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: empty places have no identity
                        <td key={`${e.id}-pad-${k}`} />
                      )),
                    ];
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}

/** The census grid: each room coloured by whether it was reached, leading to its household or entry. */
export function BuildingGrid({
  building,
  walkId,
  canWrite,
}: {
  building: GridBuilding;
  walkId: string;
  canWrite: boolean;
}) {
  const { t } = useTranslation();
  const colors = useStatusColors();
  const rooms = building.entrances.flatMap((e) => e.rooms);
  const reached = rooms.filter((r) => r.households > 0).length;

  const cell = (r: GridRoom) => {
    const isReached = r.households > 0;
    const style = { ...GRID_CELL, ...(isReached ? colors.reached : colors.unreached) };
    const label = isReached
      ? t('coverage.grid.cellReached', { room: r.name, persons: String(r.persons) })
      : t('coverage.grid.cellUnreached', { room: r.name });
    const content = (
      <>
        <span style={{ fontWeight: 600 }}>{r.name}</span>
        <span style={{ fontSize: 11, minHeight: 13 }}>
          {isReached ? t('coverage.grid.persons', { count: r.persons }) : ''}
        </span>
      </>
    );
    const common = {
      'data-testid': 'grid-cell',
      'data-room': r.id,
      'data-status': isReached ? 'reached' : 'unreached',
      'aria-label': label,
      title: label,
    };
    if (isReached && r.householdId)
      return (
        <Link to={`/registry/households/${r.householdId}`} style={style} {...common}>
          {content}
        </Link>
      );
    if (!isReached && canWrite)
      return (
        <Link to={entryLink(r.id, walkId)} style={style} {...common}>
          {content}
        </Link>
      );
    return (
      <span style={style} {...common}>
        {content}
      </span>
    );
  };

  return (
    <FloorGrid
      building={building}
      summary={t('coverage.grid.buildingLine', { reached: String(reached), rooms: String(rooms.length) })}
      renderCell={cell}
    />
  );
}

/** What the colours mean. */
export function GridLegend() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const colors = useStatusColors();
  const swatch = (style: CSSProperties) => (
    <span
      aria-hidden
      style={{
        display: 'inline-block',
        width: 16,
        height: 16,
        borderRadius: 3,
        border: '1px solid',
        ...style,
      }}
    />
  );
  const item: CSSProperties = { display: 'inline-flex', alignItems: 'center', gap: 6 };
  return (
    <div
      data-testid="grid-legend"
      style={{
        display: 'flex',
        flexWrap: 'wrap',
        gap: '6px 16px',
        fontSize: 13,
        color: token.colorTextSecondary,
      }}
    >
      <span style={item}>
        {swatch(colors.reached)}
        {t('coverage.grid.reached')}
      </span>
      <span style={item}>
        {swatch(colors.unreached)}
        {t('coverage.grid.unreached')}
      </span>
      <span>{t('coverage.grid.personsLegend')}</span>
    </div>
  );
}
