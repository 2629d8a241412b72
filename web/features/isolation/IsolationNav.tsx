import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { type ModuleTab, ModuleTabs } from '../../components/ModuleTabs';
import { hasPermission, useSession } from '../auth/auth.api';
import { useAlerts } from './alerts.api';

/** The isolation pages in working order: the day's worklist first. */
export function IsolationNav() {
  const { t } = useTranslation();
  const me = useSession();
  // The open alerts' count on their tab: refreshed with every alert event and each minute.
  const open = useAlerts({ status: 'open', page: 1, pageSize: 1 }, hasPermission(me, 'alerts.read'));
  const openCount = open.data?.total ?? 0;
  const badge = (label: string) => (
    <Badge count={openCount} size="small" offset={[8, -2]} data-testid="alerts-open-badge">
      {label}
    </Badge>
  );
  const tab = (
    path: string,
    key: 'worklist' | 'persons' | 'alerts' | 'plan' | 'sites',
    permission: ModuleTab['permission'],
  ): ModuleTab => ({
    path,
    permission,
    label: key === 'alerts' ? badge(t(`isolation.nav.${key}`)) : t(`isolation.nav.${key}`),
    shortLabel: key === 'alerts' ? badge(t(`isolation.navShort.${key}`)) : t(`isolation.navShort.${key}`),
  });
  return (
    <ModuleTabs
      testId="isolation-nav"
      tabs={[
        tab('/isolation', 'worklist', 'isolation.read'),
        tab('/isolation/persons', 'persons', 'isolation.read'),
        tab('/isolation/alerts', 'alerts', 'alerts.read'),
        tab('/isolation/plan', 'plan', 'isolation.read'),
        tab('/isolation/sites', 'sites', 'isolation.read'),
      ]}
    />
  );
}
