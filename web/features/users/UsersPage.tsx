import {
  EditOutlined,
  KeyOutlined,
  MoreOutlined,
  PlusOutlined,
  StopOutlined,
  UnlockOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Dropdown,
  type MenuProps,
  Select,
  type TableColumnsType,
  Tag,
  Typography,
  theme,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MeDto, UserDto } from '../../../domain/auth';
import { ROLES, type Role } from '../../../domain/roles';
import { type ColumnT, formatDateTime } from '../../components/format';
import { ListBody, SearchBox } from '../../components/list-page';
import { EmptyState, errorMessage } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { UnitTypeTag } from '../units';
import { TempPasswordModal } from './TempPasswordModal';
import { type CreatedAccount, UserFormModal } from './UserFormModal';
import { type UserListParams, useResetPassword, useUpdateUser, useUsers } from './users.api';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserDto } | null;

/** Accounts in the manager's subtree: create, edit, disable/enable, reset password. */
export function UsersPage() {
  const me = useSession();
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  const { modal, message } = App.useApp();
  const [params, setParams] = useState<UserListParams>({ page: 1, pageSize: 20 });
  const [search, setSearch] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [shown, setShown] = useState<CreatedAccount | null>(null);
  const users = useUsers(params);
  const update = useUpdateUser();
  const reset = useResetPassword();

  const toggleDisabled = (user: UserDto) => {
    const disabling = !user.disabled;
    modal.confirm({
      title: t(disabling ? 'users.disableConfirm' : 'users.enableConfirm', { name: user.displayName }),
      content: disabling ? t('users.disableHint') : undefined,
      okText: disabling ? t('users.disable') : t('users.enable'),
      okButtonProps: { danger: disabling },
      cancelText: t('common.cancel'),
      onOk: () =>
        update
          .mutateAsync({ id: user.id, body: { disabled: disabling } })
          .then(() => void message.success(t(disabling ? 'users.disabledDone' : 'users.enabledDone')))
          .catch((e: unknown) => void message.error(errorMessage(e, t('error.network')))),
    });
  };

  const resetPassword = (user: UserDto) => {
    modal.confirm({
      title: t('users.resetConfirm', { name: user.displayName }),
      content: t('users.resetHint'),
      okText: t('users.resetPassword'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        reset
          .mutateAsync(user.id)
          .then((r) =>
            setShown({
              username: user.username,
              displayName: user.displayName,
              temporaryPassword: r.temporaryPassword,
            }),
          )
          .catch((e: unknown) => void message.error(errorMessage(e, t('error.network')))),
    });
  };

  const menuFor = (user: UserDto): MenuProps => {
    const self = user.id === me.id;
    const items: NonNullable<MenuProps['items']> = [
      { key: 'edit', icon: <EditOutlined />, label: t('common.edit') },
      { key: 'reset', icon: <KeyOutlined />, label: t('users.resetPassword'), disabled: self },
    ];
    if (!self) {
      items.push(
        user.disabled
          ? { key: 'toggle', icon: <UnlockOutlined />, label: t('users.enable') }
          : { key: 'toggle', icon: <StopOutlined />, label: t('users.disable'), danger: true },
      );
    }
    return {
      items,
      onClick: ({ key }) => {
        if (key === 'edit') setDialog({ kind: 'edit', user });
        if (key === 'reset') resetPassword(user);
        if (key === 'toggle') toggleDisabled(user);
      },
    };
  };

  const size = isMobile ? 'large' : 'middle';
  const filters = (
    <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
      <Select<Role>
        allowClear
        size={size}
        placeholder={t('users.filterRole')}
        value={params.role}
        onChange={(role) => setParams({ ...params, page: 1, role })}
        options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        style={{ width: isMobile ? '100%' : 200 }}
        data-testid="users-role-filter"
      />
      <SearchBox
        size={size}
        placeholder={t('users.searchPlaceholder')}
        value={search}
        onChange={setSearch}
        onSearch={(q) => setParams({ ...params, page: 1, q })}
        style={{ width: isMobile ? '100%' : 280 }}
      />
    </div>
  );

  return (
    <Card
      title={<span style={{ fontSize: isMobile ? 18 : 20 }}>{t('users.title')}</span>}
      extra={
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setDialog({ kind: 'create' })}
          size={size}
          data-testid="user-create"
        >
          {isMobile ? t('common.create') : t('users.create')}
        </Button>
      }
      styles={{ body: { padding: isMobile ? 12 : 24 } }}
    >
      {filters}
      <ListBody<UserDto>
        query={users}
        paging={params}
        onPage={(page, pageSize) => setParams({ ...params, page, pageSize })}
        testId="users-list"
        tableTestId="users-table"
        count={(n) => t('common.total', { count: n })}
        empty={<EmptyState description={t('users.empty')} />}
        card={(u) => <UserCard user={u} me={me} menu={menuFor(u)} />}
        table={{ columns: columns(t as ColumnT, me, menuFor), scroll: { x: 1000 } }}
      />
      {dialog?.kind === 'create' && (
        <UserFormModal
          mode="create"
          me={me}
          onClose={() => setDialog(null)}
          onCreated={(created) => {
            setDialog(null);
            setShown(created);
          }}
        />
      )}
      {dialog?.kind === 'edit' && (
        <UserFormModal mode="edit" me={me} user={dialog.user} onClose={() => setDialog(null)} />
      )}
      {shown && (
        <TempPasswordModal
          username={shown.username}
          displayName={shown.displayName}
          password={shown.temporaryPassword}
          onClose={() => setShown(null)}
        />
      )}
    </Card>
  );
}

function StatusTags({ user }: { user: UserDto }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {user.disabled ? (
        <Tag style={{ marginInlineEnd: 0 }}>{t('users.disabled')}</Tag>
      ) : user.locked ? (
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {t('users.locked')}
        </Tag>
      ) : (
        <Tag color="green" style={{ marginInlineEnd: 0 }}>
          {t('users.active')}
        </Tag>
      )}
      {user.mustChangePassword && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }} title={t('users.mustChangeLong')}>
          {t('users.mustChange')}
        </Tag>
      )}
    </span>
  );
}

function columns(t: ColumnT, me: MeDto, menuFor: (u: UserDto) => MenuProps): TableColumnsType<UserDto> {
  return [
    {
      title: t('users.username'),
      dataIndex: 'username',
      width: 170,
      render: (username: string, u) => (
        <span>
          <Typography.Text strong>{username}</Typography.Text>
          {u.id === me.id && <Typography.Text type="secondary">{t('users.self')}</Typography.Text>}
        </span>
      ),
    },
    { title: t('users.displayName'), dataIndex: 'displayName', width: 170 },
    { title: t('users.role'), dataIndex: 'role', width: 170, render: (role: Role) => t(`role.${role}`) },
    {
      title: t('users.unit'),
      dataIndex: 'unitName',
      render: (name: string, u) => (
        <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
          <UnitTypeTag type={u.unitType} />
          <span>{name}</span>
        </span>
      ),
    },
    {
      title: t('users.status'),
      key: 'status',
      width: 160,
      render: (_: unknown, u) => <StatusTags user={u} />,
    },
    {
      title: t('users.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 170,
      render: (at: string | null) =>
        at ? formatDateTime(at) : <Typography.Text type="secondary">{t('users.never')}</Typography.Text>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 90,
      fixed: 'right',
      render: (_: unknown, u) => (
        <Dropdown menu={menuFor(u)} trigger={['click']}>
          <Button
            size="small"
            icon={<MoreOutlined />}
            aria-label={t('common.actions')}
            data-testid={`user-actions-${u.username}`}
          />
        </Dropdown>
      ),
    },
  ];
}

function UserCard({ user, me, menu }: { user: UserDto; me: MeDto; menu: MenuProps }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <li
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        background: token.colorBgContainer,
        display: 'flex',
        gap: 8,
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 8, flexWrap: 'wrap' }}>
          <Typography.Text strong style={{ fontSize: 16 }}>
            {user.displayName}
          </Typography.Text>
          <Typography.Text type="secondary">
            {user.username}
            {user.id === me.id ? t('users.self') : ''}
          </Typography.Text>
        </div>
        <div style={{ marginTop: 4, color: token.colorTextSecondary }}>
          {t(`role.${user.role}`)} · {user.unitName}
        </div>
        <div style={{ marginTop: 6 }}>
          <StatusTags user={user} />
        </div>
        <div style={{ marginTop: 6, fontSize: 12, color: token.colorTextTertiary }}>
          {t('users.lastLogin')}
          {t('common.colon')}
          {user.lastLoginAt ? formatDateTime(user.lastLoginAt) : t('users.never')}
        </div>
      </div>
      <Dropdown menu={menu} trigger={['click']}>
        <Button icon={<MoreOutlined />} aria-label={t('common.actions')} style={{ width: 44, height: 44 }} />
      </Dropdown>
    </li>
  );
}
