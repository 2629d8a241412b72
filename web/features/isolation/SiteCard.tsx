import { EnvironmentOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Card, Popover, Progress, Typography, theme } from 'antd';
import { type CSSProperties, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { IsolationSummary, SiteDto } from '../../../domain/isolation';
import { useIsMobile } from '../../components/use-is-mobile';

/** Rooms shown before "show all": a hotel floor or two. */
const ROOMS_SHOWN = 60;

export type SiteOccupants = Map<string, IsolationSummary[]> | null;

/** Occupants per `siteId|room name`, from the list of active orders at sites. */
export function occupantsByRoom(items: IsolationSummary[]): Map<string, IsolationSummary[]> {
  const out = new Map<string, IsolationSummary[]>();
  for (const o of items) {
    if (!o.site) continue;
    const key = `${o.site.id}|${o.site.room ?? ''}`;
    out.set(key, [...(out.get(key) ?? []), o]);
  }
  return out;
}

/**
 * One centralised site: capacity and occupancy, the communities it serves, meals and hygiene notes,
 * and its rooms (free, partly taken, full), each telling who is in it.
 */
export function SiteCard({
  site,
  communityNames,
  occupants,
}: {
  site: SiteDto;
  /** Names of the communities served, as far as the account can see them. */
  communityNames: string[] | null;
  occupants: SiteOccupants;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [all, setAll] = useState(false);
  const free = site.capacity - site.occupancy;
  const percent = site.capacity ? Math.round((site.occupancy / site.capacity) * 100) : 0;
  const rooms = all ? site.rooms : site.rooms.slice(0, ROOMS_SHOWN);

  const roomStyle = (occupied: number, beds: number): CSSProperties => {
    const base: CSSProperties = {
      display: 'inline-flex',
      flexDirection: 'column',
      alignItems: 'center',
      justifyContent: 'center',
      minWidth: 64,
      minHeight: 44,
      padding: '2px 6px',
      borderRadius: 4,
      border: '1px solid',
      fontSize: 13,
      lineHeight: 1.2,
      font: 'inherit',
    };
    if (occupied === 0)
      return {
        ...base,
        background: token.colorBgContainer,
        borderColor: token.colorSuccessBorder,
        color: token.colorText,
      };
    if (occupied < beds)
      return {
        ...base,
        background: token.colorWarningBg,
        borderColor: token.colorWarningBorder,
        color: token.colorText,
      };
    return {
      ...base,
      background: token.colorFillSecondary,
      borderColor: token.colorBorder,
      color: token.colorText,
    };
  };

  return (
    <Card
      data-testid="site-card"
      data-site={site.id}
      title={
        <div style={{ display: 'grid', gap: 2, padding: '8px 0', whiteSpace: 'normal' }}>
          <span style={{ fontSize: 17 }}>{site.name}</span>
          {site.address && (
            <span style={{ fontSize: 13, fontWeight: 400, color: token.colorTextSecondary }}>
              <EnvironmentOutlined /> {site.address}
            </span>
          )}
        </div>
      }
      styles={{ body: { padding: isMobile ? 12 : 20, display: 'grid', gap: 12 } }}
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 24px', alignItems: 'center' }}>
        <div style={{ minWidth: 200, flex: 1 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 13 }}>
            <span data-testid="site-occupancy">
              {t('alerts.sites.occupancy', {
                occupied: String(site.occupancy),
                capacity: String(site.capacity),
              })}
            </span>
            <span
              style={{ color: free > 0 ? token.colorSuccessText : token.colorErrorText, fontWeight: 600 }}
            >
              {free > 0 ? t('alerts.sites.free', { count: free }) : t('alerts.sites.full')}
            </span>
          </div>
          <Progress
            percent={percent}
            showInfo={false}
            strokeColor={
              percent >= 100 ? token.colorError : percent >= 80 ? token.colorWarning : token.colorPrimary
            }
            aria-label={t('alerts.sites.occupancyLabel')}
          />
        </div>
        <span style={{ color: token.colorTextSecondary, fontSize: 13 }}>
          {t('alerts.sites.roomsLine', { rooms: String(site.rooms.length), beds: String(site.capacity) })}
        </span>
      </div>
      <div style={{ fontSize: 13 }}>
        <Typography.Text type="secondary">{t('alerts.sites.serves')}</Typography.Text>
        <span data-testid="site-communities">
          {site.communityIds.length === 0
            ? t('alerts.sites.servesAll')
            : (communityNames ?? []).length > 0
              ? [
                  ...(communityNames ?? []),
                  ...(site.communityIds.length > (communityNames ?? []).length
                    ? [
                        t('alerts.sites.servesOthers', {
                          count: site.communityIds.length - (communityNames ?? []).length,
                        }),
                      ]
                    : []),
                ].join('、')
              : t('alerts.sites.servesCount', { count: site.communityIds.length })}
        </span>
      </div>
      {site.notes && (
        <div
          style={{
            whiteSpace: 'pre-wrap',
            overflowWrap: 'anywhere',
            background: token.colorFillQuaternary,
            borderRadius: token.borderRadius,
            padding: '8px 12px',
            fontSize: 13,
          }}
          data-testid="site-notes"
        >
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {t('alerts.sites.notes')}
          </Typography.Text>
          {site.notes}
        </div>
      )}
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: '4px 14px',
          fontSize: 12,
          color: token.colorTextSecondary,
        }}
      >
        {(
          [
            ['roomFree', roomStyle(0, 1)],
            ['roomPartly', roomStyle(1, 2)],
            ['roomFull', roomStyle(1, 1)],
          ] as const
        ).map(([key, st]) => (
          <span key={key} style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
            <span aria-hidden style={{ ...st, minWidth: 14, minHeight: 12, padding: 0 }} />
            {t(`alerts.sites.${key}`)}
          </span>
        ))}
        <span>{t('alerts.sites.roomTap')}</span>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6 }} data-testid="site-rooms">
        {rooms.map((r) => {
          const people = occupants?.get(`${site.id}|${r.name}`) ?? [];
          const label = t('alerts.sites.roomLabel', {
            room: r.name,
            occupied: String(r.occupied),
            beds: String(r.beds),
          });
          const chip = (
            <button
              type="button"
              style={{ ...roomStyle(r.occupied, r.beds), cursor: r.occupied ? 'pointer' : 'default' }}
              aria-label={label}
              title={label}
              data-testid="site-room"
              data-room={r.id}
              data-occupied={r.occupied}
            >
              <span style={{ fontWeight: 600 }}>{r.name}</span>
              <span style={{ fontSize: 11 }}>
                {r.occupied}/{r.beds}
              </span>
            </button>
          );
          if (r.occupied === 0) return <span key={r.id}>{chip}</span>;
          return (
            <Popover
              key={r.id}
              trigger="click"
              title={t('alerts.sites.roomTitle', { room: r.name })}
              content={
                occupants === null ? (
                  <Typography.Text type="secondary">{t('alerts.sites.occupantsUnavailable')}</Typography.Text>
                ) : people.length === 0 ? (
                  <Typography.Text type="secondary">{t('alerts.sites.occupantsOutside')}</Typography.Text>
                ) : (
                  <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }}>
                    {people.map((o) => (
                      <li key={o.id} data-testid="site-occupant">
                        <Link to={`/isolation/orders/${o.id}`}>
                          {o.name}
                          {o.site?.bed ? ` · ${t('alerts.sites.bed', { bed: o.site.bed })}` : ''}{' '}
                          <RightOutlined />
                        </Link>
                        <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
                          {t('alerts.sites.since', { start: o.startOn, end: o.plannedEndOn })}
                        </div>
                      </li>
                    ))}
                  </ul>
                )
              }
            >
              {chip}
            </Popover>
          );
        })}
        {site.rooms.length > ROOMS_SHOWN && (
          <Button type="link" onClick={() => setAll(!all)}>
            {all ? t('alerts.sites.showFewer') : t('alerts.sites.showAll', { count: site.rooms.length })}
          </Button>
        )}
      </div>
    </Card>
  );
}
