import {
  ApartmentOutlined,
  AuditOutlined,
  DashboardOutlined,
  FileTextOutlined,
  GatewayOutlined,
  IdcardOutlined,
  KeyOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  MenuOutlined,
  ScanOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  App,
  Avatar,
  Button,
  Drawer,
  Dropdown,
  Layout,
  Menu,
  type MenuProps,
  Space,
  Typography,
  theme,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import type { MeDto } from '../../../domain/auth';
import { errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { clearSession, hasPermission, useLogout, useSession } from '../../features/auth/auth.api';
import type { LoginLocationState } from '../session';
import { Brand } from './Brand';
import { ErrorBoundary } from './ErrorPages';
import { LanguageSwitch } from './LanguageSwitch';

const HEADER_BG = '#15396b';

/** Modules in navigation order; a module appears only when it exists and the account may use it. */
function navItems(
  me: MeDto,
  t: (
    k:
      | 'nav.units'
      | 'nav.registry'
      | 'nav.isolation'
      | 'nav.gate'
      | 'nav.checkpoints'
      | 'nav.dashboard'
      | 'nav.reports'
      | 'nav.users'
      | 'nav.audit',
  ) => string,
): MenuProps['items'] {
  const items: NonNullable<MenuProps['items']> = [
    { key: '/units', icon: <ApartmentOutlined />, label: t('nav.units') },
  ];
  if (hasPermission(me, 'persons.read'))
    items.push({ key: '/registry', icon: <IdcardOutlined />, label: t('nav.registry') });
  if (hasPermission(me, 'isolation.read'))
    items.push({ key: '/isolation', icon: <MedicineBoxOutlined />, label: t('nav.isolation') });
  if (hasPermission(me, 'passages.write'))
    items.push({ key: '/gate', icon: <ScanOutlined />, label: t('nav.gate') });
  // Office staff and HQ; not accounts whose only job is the gate (they have the gate page).
  if (
    hasPermission(me, 'passes.issue') ||
    hasPermission(me, 'checkpoints.manage') ||
    (hasPermission(me, 'checkpoints.read') && !hasPermission(me, 'passages.write'))
  )
    items.push({ key: '/checkpoints', icon: <GatewayOutlined />, label: t('nav.checkpoints') });
  if (hasPermission(me, 'reports.read')) {
    items.push({ key: '/dashboard', icon: <DashboardOutlined />, label: t('nav.dashboard') });
    items.push({ key: '/reports', icon: <FileTextOutlined />, label: t('nav.reports') });
  }
  if (hasPermission(me, 'users.manage'))
    items.push({ key: '/users', icon: <TeamOutlined />, label: t('nav.users') });
  if (hasPermission(me, 'audit.read'))
    items.push({ key: '/audit', icon: <AuditOutlined />, label: t('nav.audit') });
  return items;
}

export function AppLayout() {
  const me = useSession();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);

  const items = useMemo(() => navItems(me, t), [me, t]);
  const selected = `/${location.pathname.split('/')[1] ?? ''}`;

  const go = (key: string) => {
    setDrawerOpen(false);
    // The gate is a page of its own (web/gate.html), not a route of this app: a full page load.
    if (key === '/gate') window.location.assign('/gate');
    else navigate(key);
  };
  const doLogout = () => {
    setDrawerOpen(false);
    logout.mutate(undefined, {
      onSettled: (_data, error) => {
        if (error) void message.error(errorMessage(error, t('error.network')));
        const state: LoginLocationState = { reason: 'loggedOut' };
        navigate('/login', { replace: true, state: error ? undefined : state });
        clearSession(queryClient);
      },
    });
  };

  const roleLabel = t(`role.${me.role}`);
  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ lineHeight: 1.5, color: token.colorText }}>
            <div style={{ fontWeight: 600 }}>{me.displayName}</div>
            <div style={{ fontSize: 12, color: token.colorTextSecondary }}>
              {me.username} · {roleLabel}
            </div>
            <div style={{ fontSize: 12, color: token.colorTextSecondary }}>{me.unitName}</div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('auth.changeTitle') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/change-password');
      if (key === 'logout') doLogout();
    },
  };

  const header = (
    <Layout.Header
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 20,
        display: 'flex',
        alignItems: 'center',
        gap: 12,
        height: isMobile ? 56 : 60,
        lineHeight: 'normal',
        padding: isMobile ? '0 8px' : '0 20px',
        background: HEADER_BG,
        boxShadow: '0 1px 4px rgba(0,0,0,0.15)',
      }}
    >
      {isMobile && (
        <Button
          type="text"
          aria-label={t('nav.menu')}
          data-testid="nav-toggle"
          icon={<MenuOutlined style={{ fontSize: 20, color: '#fff' }} />}
          style={{ width: 44, height: 44 }}
          onClick={() => setDrawerOpen(true)}
        />
      )}
      <div style={{ flex: 1, minWidth: 0, display: 'flex', alignItems: 'center' }}>
        <Brand light size={isMobile ? 28 : 32} showSubtitle={!isMobile} />
      </div>
      {!isMobile && (
        <Space size={4} align="center">
          <LanguageSwitch light />
          <div
            data-testid="current-user"
            style={{ textAlign: 'right', lineHeight: 1.3, color: '#fff', padding: '0 12px', maxWidth: 360 }}
          >
            <div
              style={{ fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
            >
              {me.displayName}
            </div>
            <div
              style={{
                fontSize: 12,
                color: 'rgba(255,255,255,0.75)',
                overflow: 'hidden',
                textOverflow: 'ellipsis',
                whiteSpace: 'nowrap',
              }}
            >
              {roleLabel} · {me.unitName}
            </div>
          </div>
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button
              type="text"
              aria-label={t('nav.account')}
              data-testid="user-menu"
              icon={<Avatar size={32} icon={<UserOutlined />} style={{ background: '#2f6fd0' }} />}
              style={{ height: 44 }}
            />
          </Dropdown>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            onClick={doLogout}
            loading={logout.isPending}
            data-testid="logout"
            style={{ color: 'rgba(255,255,255,0.88)' }}
          >
            {t('auth.logout')}
          </Button>
        </Space>
      )}
      {isMobile && (
        <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
          <Button
            type="text"
            aria-label={t('nav.account')}
            data-testid="user-menu"
            style={{ height: 44, padding: '0 4px' }}
            icon={<Avatar size={30} icon={<UserOutlined />} style={{ background: '#2f6fd0' }} />}
          />
        </Dropdown>
      )}
    </Layout.Header>
  );

  const menu = (
    <Menu
      mode="inline"
      selectedKeys={[selected]}
      items={items}
      onClick={({ key }) => go(key)}
      style={{ borderInlineEnd: 'none', fontSize: isMobile ? 16 : 14 }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {header}
      <Layout>
        {!isMobile && (
          <Layout.Sider
            width={208}
            theme="light"
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            breakpoint="lg"
            style={{ borderInlineEnd: `1px solid ${token.colorBorderSecondary}` }}
          >
            <nav aria-label={t('nav.menu')} style={{ paddingTop: 8 }}>
              {menu}
            </nav>
          </Layout.Sider>
        )}
        <Layout.Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <ErrorBoundary key={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </Layout.Content>
      </Layout>
      {isMobile && (
        <Drawer
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          placement="left"
          size={280}
          title={<Brand size={28} />}
          styles={{ body: { padding: 0, display: 'flex', flexDirection: 'column' } }}
        >
          <div style={{ padding: '16px 20px', borderBottom: `1px solid ${token.colorBorderSecondary}` }}>
            <Typography.Text strong style={{ fontSize: 16 }}>
              {me.displayName}
            </Typography.Text>
            <div style={{ color: token.colorTextSecondary, fontSize: 13 }}>
              {roleLabel} · {me.unitName}
            </div>
          </div>
          <nav aria-label={t('nav.menu')} style={{ flex: 1 }}>
            {menu}
          </nav>
          <div
            style={{
              padding: 16,
              borderTop: `1px solid ${token.colorBorderSecondary}`,
              display: 'grid',
              gap: 8,
            }}
          >
            <LanguageSwitch />
            <Button block size="large" icon={<KeyOutlined />} onClick={() => go('/change-password')}>
              {t('auth.changeTitle')}
            </Button>
            <Button
              block
              size="large"
              danger
              icon={<LogoutOutlined />}
              onClick={doLogout}
              loading={logout.isPending}
            >
              {t('auth.logout')}
            </Button>
          </div>
        </Drawer>
      )}
    </Layout>
  );
}
