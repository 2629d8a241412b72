import { BellOutlined, CheckCircleOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Pagination, Table, type TableColumnsType, Tag, Typography, theme } from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import type { AlertDto } from '../../../domain/isolation';
import type { UnitType } from '../../../domain/units';
import { type ColumnT, formatDateTime } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { UnitTreeSelect } from '../units';
import {
  AlertKindTag,
  AlertReading,
  alertLink,
  alertPerson,
  alertPlace,
  HandledAlertItem,
  OpenAlertCard,
} from './AlertCard';
import { AlertHandleModal } from './AlertHandleModal';
import { useAlertEvents, useAlerts, useUnitDetail } from './alerts.api';
import { IsolationNav } from './IsolationNav';

const OPEN_PAGE_SIZE = 200;
const SCOPE_TYPES: readonly UnitType[] = ['subdistrict', 'community', 'village', 'compound'];
const HANDLED_PAGE_SIZE = 20;
/** How long a newly arrived alert stays marked as new. */
const FRESH_MS = 5 * 60_000;

const PULSE_CSS = `@keyframes sw-alert-in { 0% { box-shadow: 0 0 0 0 rgba(255,77,79,.55); } 100% { box-shadow: 0 0 0 14px rgba(255,77,79,0); } }
@media (prefers-reduced-motion: reduce) { [data-fresh="true"] { animation: none !important; } }`;

/** A clock that ticks, for "waiting 2 h 5 min". */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(id);
  }, [everyMs]);
  return now;
}

/**
 * 告警处置: fever and symptom alerts of the account's area, open ones first (oldest waiting at the
 * top is not what a duty officer wants: newest first, each with how long it has waited), handled ones
 * below with who did what. Live: an alert raised anywhere in the area appears without a reload, marked
 * as new and announced to screen readers, silently (a page that beeps at 3 a.m. gets muted).
 */
export function AlertsPage() {
  const { t } = useTranslation();
  const me = useSession();
  const isMobile = useIsMobile();
  const { token } = theme.useToken();
  const canHandle = hasPermission(me, 'alerts.handle');
  const now = useNow(30_000);
  const [fresh, setFresh] = useState<Map<string, number>>(() => new Map());
  const [announce, setAnnounce] = useState('');
  const [handling, setHandling] = useState<AlertDto | null>(null);
  const [page, setPage] = useState(1);

  const [sp, setSp] = useSearchParams();
  const unit = sp.get('unit') || undefined;
  const unitName = useUnitDetail(unit).data?.name;
  // Above a community there are many: a sub-district's duty officer may look at one at a time.
  const canNarrow = me.unitType === 'subdistrict';
  const open = useAlerts({ status: 'open', page: 1, pageSize: OPEN_PAGE_SIZE, unit });
  const handled = useAlerts({ status: 'handled', page, pageSize: HANDLED_PAGE_SIZE, unit });

  useAlertEvents((id) => setFresh((m) => new Map(m).set(id, Date.now())));

  // Marks fade after a while; an alert that left the open list needs no mark.
  const freshCount = [...fresh.keys()].filter((id) => open.data?.items.some((a) => a.id === id)).length;
  useEffect(() => {
    const old = [...fresh].filter(([, at]) => now - at > FRESH_MS);
    if (old.length) setFresh((m) => new Map([...m].filter(([, at]) => now - at <= FRESH_MS)));
  }, [now, fresh]);

  // Announce what arrived, once it is loaded: the person and the reading.
  const freshItems = open.data?.items.filter((a) => fresh.has(a.id)) ?? [];
  const newest = freshItems[0];
  const announcement = newest
    ? t('alerts.open.announce', {
        person: alertPerson(t as ColumnT, newest),
        kind: t(`alerts.kind.${newest.kind}`, { defaultValue: newest.kind }),
        reading: typeof newest.details.temperature === 'number' ? `${newest.details.temperature}°C` : '',
      })
    : '';
  useEffect(() => {
    if (announcement) setAnnounce(announcement);
  }, [announcement]);

  // The tab says how many wait, so a duty officer sees it from another tab.
  const openTotal = open.data?.total;
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\) /, '');
    document.title = openTotal ? `(${openTotal}) ${base}` : base;
    return () => {
      document.title = document.title.replace(/^\(\d+\) /, '');
    };
  }, [openTotal]);

  let openBody: ReactNode;
  if (open.isError) openBody = <LoadError error={open.error} onRetry={() => void open.refetch()} />;
  else if (!open.data) openBody = <Loading />;
  else if (open.data.items.length === 0)
    openBody = (
      <EmptyState
        description={
          <span data-testid="alerts-none">
            <CheckCircleOutlined style={{ color: token.colorSuccess }} /> {t('alerts.open.empty')}
          </span>
        }
      />
    );
  else
    openBody = (
      <ul
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 10 }}
        data-testid="alerts-open"
      >
        {open.data.items.map((a) => (
          <OpenAlertCard
            key={a.id}
            alert={a}
            fresh={fresh.has(a.id)}
            now={now}
            canHandle={canHandle}
            onHandle={() => setHandling(a)}
          />
        ))}
      </ul>
    );

  let handledBody: ReactNode;
  if (handled.isError)
    handledBody = <LoadError error={handled.error} onRetry={() => void handled.refetch()} compact />;
  else if (!handled.data) handledBody = <Loading />;
  else if (handled.data.total === 0) handledBody = <EmptyState description={t('alerts.handled.empty')} />;
  else
    handledBody = (
      <>
        {isMobile ? (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="alerts-handled">
            {handled.data.items.map((a) => (
              <HandledAlertItem key={a.id} alert={a} />
            ))}
          </ul>
        ) : (
          <Table<AlertDto>
            data-testid="alerts-handled"
            rowKey="id"
            size="middle"
            columns={handledColumns(t as ColumnT)}
            dataSource={handled.data.items}
            pagination={false}
            onRow={(a) =>
              ({ 'data-testid': 'alert-row', 'data-alert': a.id, 'data-status': a.status }) as object
            }
          />
        )}
        {handled.data.total > HANDLED_PAGE_SIZE && (
          <Pagination
            current={page}
            pageSize={HANDLED_PAGE_SIZE}
            total={handled.data.total}
            onChange={setPage}
            showSizeChanger={false}
            size={isMobile ? 'small' : 'middle'}
            style={{ marginTop: 12, textAlign: 'right' }}
          />
        )}
      </>
    );

  return (
    <>
      <style>{PULSE_CSS}</style>
      <IsolationNav />
      <div aria-live="assertive" role="status" className="sw-visually-hidden" style={VISUALLY_HIDDEN}>
        {announce}
      </div>
      <div style={{ display: 'grid', gap: 16 }}>
        <Card
          title={
            <span
              style={{ display: 'inline-flex', alignItems: 'center', gap: 8, fontSize: isMobile ? 18 : 20 }}
            >
              <BellOutlined />
              {t('alerts.open.title')}
              <Badge
                count={openTotal ?? 0}
                showZero
                color={openTotal ? token.colorError : token.colorSuccess}
                data-testid="alerts-open-count"
              />
            </span>
          }
          extra={
            !isMobile && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }} data-testid="alerts-live">
                {t('alerts.open.live')}
              </Typography.Text>
            )
          }
          styles={{ body: { padding: isMobile ? 12 : 24, display: 'grid', gap: 12 } }}
        >
          {canNarrow && (
            <div style={{ width: isMobile ? '100%' : 320 }} data-testid="alerts-scope">
              <UnitTreeSelect
                value={unit}
                valueLabel={unitName}
                onChange={(id) => {
                  setPage(1);
                  setSp(id ? { unit: id } : {}, { replace: true });
                }}
                selectableTypes={SCOPE_TYPES}
                deepestType="compound"
                placeholder={t('alerts.scopeAll')}
              />
            </div>
          )}
          {freshCount > 0 && (
            <div
              data-testid="alerts-new-banner"
              style={{
                display: 'flex',
                alignItems: 'center',
                gap: 12,
                padding: '8px 12px',
                borderRadius: token.borderRadius,
                background: token.colorErrorBg,
                border: `1px solid ${token.colorErrorBorder}`,
                color: token.colorErrorText,
                fontWeight: 600,
              }}
            >
              <BellOutlined />
              <span style={{ flex: 1 }}>{t('alerts.open.newBanner', { count: freshCount })}</span>
              <Button size="small" onClick={() => setFresh(new Map())}>
                {t('alerts.open.dismiss')}
              </Button>
            </div>
          )}
          {openBody}
        </Card>
        <Card
          title={<span style={{ fontSize: isMobile ? 16 : 18 }}>{t('alerts.handled.title')}</span>}
          extra={
            handled.data && handled.data.total > 0 ? (
              <Typography.Text type="secondary">
                {t('common.total', { count: handled.data.total })}
              </Typography.Text>
            ) : null
          }
          styles={{ body: { padding: isMobile ? 12 : 24 } }}
        >
          {handledBody}
        </Card>
      </div>
      <AlertHandleModal alert={handling} onClose={() => setHandling(null)} />
    </>
  );
}

const VISUALLY_HIDDEN = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

function handledColumns(t: ColumnT): TableColumnsType<AlertDto> {
  return [
    {
      title: t('alerts.col.raised'),
      key: 'raised',
      width: 170,
      render: (_, a) => formatDateTime(a.createdAt),
    },
    {
      title: t('alerts.col.person'),
      key: 'person',
      render: (_, a) => {
        const link = alertLink(a);
        const name = alertPerson(t, a);
        return (
          <div style={{ display: 'grid' }}>
            {link ? <Link to={link}>{name}</Link> : name}
            <span style={{ fontSize: 12, opacity: 0.65 }}>{alertPlace(t, a)}</span>
          </div>
        );
      },
    },
    {
      title: t('alerts.col.reading'),
      key: 'reading',
      width: 200,
      render: (_, a) => (
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          <AlertKindTag kind={a.kind} />
          <AlertReading alert={a} />
        </div>
      ),
    },
    {
      title: t('alerts.col.outcome'),
      key: 'outcome',
      render: (_, a) => (
        <div style={{ display: 'grid', gap: 2 }}>
          {a.outcome && (
            <Tag color="green" style={{ justifySelf: 'start' }} data-testid="alert-outcome-tag">
              {t(`alerts.outcome.${a.outcome}`)}
            </Tag>
          )}
          {a.note && <span style={{ overflowWrap: 'anywhere' }}>{a.note}</span>}
        </div>
      ),
    },
    {
      title: t('alerts.col.handled'),
      key: 'handled',
      width: 190,
      render: (_, a) => (
        <div style={{ display: 'grid' }}>
          <span>{a.handledBy ?? '—'}</span>
          <span style={{ fontSize: 12, opacity: 0.65 }}>{formatDateTime(a.handledAt)}</span>
        </div>
      ),
    },
  ];
}
