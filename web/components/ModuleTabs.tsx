import { Tabs } from 'antd';
import type { ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { Permission } from '../../domain/roles';
import { hasPermission, useSession } from '../features/auth/auth.api';
import { useIsMobile } from './use-is-mobile';

export type ModuleTab = {
  path: string;
  permission: Permission;
  label: ReactNode;
  shortLabel: ReactNode;
};

/**
 * Tabs above every page of a module, so its pages are one tap apart on a phone too. A tab shows only
 * when the account may use it; on a phone the short (two-character) names keep every tab on 375 px.
 */
export function ModuleTabs({ tabs, testId }: { tabs: readonly ModuleTab[]; testId: string }) {
  const me = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const isMobile = useIsMobile();
  const shown = tabs.filter((tab) => hasPermission(me, tab.permission));
  const active = [...shown]
    .reverse()
    .find((tab) => pathname === tab.path || pathname.startsWith(`${tab.path}/`));
  return (
    <Tabs
      activeKey={active?.path ?? ''}
      onChange={(key) => navigate(key)}
      items={shown.map((tab) => ({ key: tab.path, label: isMobile ? tab.shortLabel : tab.label }))}
      size={isMobile ? 'large' : 'middle'}
      tabBarGutter={isMobile ? 16 : undefined}
      style={{ marginBottom: 8 }}
      data-testid={testId}
    />
  );
}
