import { Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';
import type { Permission } from '../../../domain/roles';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';

type Tab = {
  path: string;
  key: 'search' | 'entry' | 'registrations' | 'import' | 'coverage';
  permission: Permission;
};

/** The registry's pages in working order; a page shows only when the account may use it. */
const TABS: readonly Tab[] = [
  { path: '/registry', key: 'search', permission: 'persons.read' },
  { path: '/registry/entry', key: 'entry', permission: 'persons.write' },
  { path: '/registry/registrations', key: 'registrations', permission: 'persons.write' },
  { path: '/registry/import', key: 'import', permission: 'persons.write' },
  { path: '/registry/coverage', key: 'coverage', permission: 'persons.read' },
];

/** Tabs above every registry page, so the census channels are one tap apart on a phone too. */
export function RegistryNav() {
  const me = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const isMobile = useIsMobile();
  const tabs = TABS.filter((tab) => hasPermission(me, tab.permission));
  const active = [...tabs]
    .reverse()
    .find((tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`));
  return (
    <Tabs
      activeKey={active?.path ?? ''}
      onChange={(key) => navigate(key)}
      // Two-character names on a phone, so all five tabs fit on 375 px without a "…" menu.
      items={tabs.map((tab) => ({
        key: tab.path,
        label: t(isMobile ? `registry.navShort.${tab.key}` : `registry.nav.${tab.key}`),
      }))}
      size={isMobile ? 'large' : 'middle'}
      tabBarGutter={isMobile ? 16 : undefined}
      style={{ marginBottom: 8 }}
      data-testid="registry-nav"
    />
  );
}
