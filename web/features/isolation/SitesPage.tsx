import { PlusOutlined } from '@ant-design/icons';
import { useQueries } from '@tanstack/react-query';
import { Button, Card, Typography, theme } from 'antd';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UnitDetailDto } from '../../../domain/units';
import { api } from '../../app/api/client';
import { formatNumber } from '../../components/format';
import { EmptyState, LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { alertKeys, useSiteOrders } from './alerts.api';
import { IsolationNav } from './IsolationNav';
import { useIsolationSites } from './isolation.api';
import { occupantsByRoom, SiteCard } from './SiteCard';
import { SiteCreateModal } from './SiteCreateModal';

/**
 * 集中隔离点: the centralised sites serving the account's area, with capacity and occupancy, rooms and
 * beds, the communities served, meals and hygiene notes, and who is in which room. Accounts that set
 * sites up (isolation.sites) create them here with their rooms.
 */
export function SitesPage() {
  const { t } = useTranslation();
  const me = useSession();
  const isMobile = useIsMobile();
  const { token } = theme.useToken();
  const canCreate = hasPermission(me, 'isolation.sites');
  const sites = useIsolationSites();
  const [creating, setCreating] = useState(false);
  const items = sites.data?.items ?? [];
  const orders = useSiteOrders(items.some((s) => s.occupancy > 0));
  const occupants = useMemo(
    () => (orders.isError ? null : occupantsByRoom(orders.data?.items ?? [])),
    [orders.data, orders.isError],
  );

  // Names of the communities the sites serve, as far as this account may see them.
  const communityIds = [...new Set(items.flatMap((s) => s.communityIds))];
  const names = useQueries({
    queries: communityIds.map((id) => ({
      queryKey: alertKeys.unit(id),
      queryFn: () => api.get<UnitDetailDto>(`/api/units/${id}`, undefined, UnitDetailDto),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const nameOf = new Map(names.flatMap((q) => (q.data ? [[q.data.id, q.data.name] as const] : [])));

  const total = items.reduce(
    (a, s) => ({ capacity: a.capacity + s.capacity, occupancy: a.occupancy + s.occupancy }),
    { capacity: 0, occupancy: 0 },
  );

  let body: ReactNode;
  if (sites.isError) body = <LoadError error={sites.error} onRetry={() => void sites.refetch()} />;
  else if (!sites.data) body = <Loading />;
  else if (items.length === 0)
    body = (
      <EmptyState description={canCreate ? t('alerts.sites.emptyCanCreate') : t('alerts.sites.empty')}>
        {canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('alerts.sites.create')}
          </Button>
        )}
      </EmptyState>
    );
  else
    body = (
      <div
        style={{
          display: 'grid',
          gap: 16,
          gridTemplateColumns: isMobile
            ? 'minmax(0, 1fr)'
            : 'repeat(auto-fill, minmax(min(100%, 520px), 1fr))',
          alignItems: 'start',
        }}
        data-testid="sites"
      >
        {items.map((s) => (
          <SiteCard
            key={s.id}
            site={s}
            communityNames={s.communityIds.flatMap((id) => nameOf.get(id) ?? [])}
            occupants={occupants}
          />
        ))}
      </div>
    );

  return (
    <>
      <IsolationNav />
      <div style={{ display: 'grid', gap: 16 }}>
        <Card
          title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('alerts.sites.title')}</span>}
          extra={
            canCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="site-create"
                size={isMobile ? 'large' : 'middle'}
              >
                {isMobile ? null : t('alerts.sites.create')}
              </Button>
            )
          }
          styles={{ body: { padding: isMobile ? 12 : 24 } }}
        >
          {items.length > 0 ? (
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 24px' }} data-testid="sites-summary">
              <Typography.Text>
                {t('alerts.sites.summary', {
                  sites: String(items.length),
                  occupied: formatNumber(total.occupancy),
                  capacity: formatNumber(total.capacity),
                })}
              </Typography.Text>
              <Typography.Text
                style={{
                  color: total.capacity - total.occupancy > 0 ? token.colorSuccessText : token.colorErrorText,
                  fontWeight: 600,
                }}
              >
                {t('alerts.sites.free', { count: total.capacity - total.occupancy })}
              </Typography.Text>
            </div>
          ) : (
            <Typography.Text type="secondary">{t('alerts.sites.intro')}</Typography.Text>
          )}
        </Card>
        {body}
      </div>
      {canCreate && <SiteCreateModal me={me} open={creating} onClose={() => setCreating(false)} />}
    </>
  );
}
