import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type MeDto, type UserDto, Username, type UserUpdate } from '../../../domain/auth';
import { grantableRoles, ROLE_UNIT_TYPES, type Role, roleFitsUnit } from '../../../domain/roles';
import { UNIT_TYPES, type UnitType } from '../../../domain/units';
import { currentLanguage } from '../../app/i18n';
import { useFormProblem, zodRule } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { UnitTreeSelect } from '../units';
import { useCreateUser, useUpdateUser } from './users.api';

interface UserForm {
  username: string;
  displayName: string;
  role: Role;
  unitId: string;
}

const FIELDS = ['username', 'displayName', 'role', 'unitId'] as const;

export interface CreatedAccount {
  username: string;
  displayName: string;
  temporaryPassword: string | null;
}

type Props = {
  me: MeDto;
  onClose: () => void;
} & ({ mode: 'create'; onCreated: (created: CreatedAccount) => void } | { mode: 'edit'; user: UserDto });

/** The deepest level a role may be bound to: the unit picker does not open below it. */
function deepestFor(role: Role | undefined): UnitType {
  if (!role) return 'compound';
  const allowed = ROLE_UNIT_TYPES[role];
  return UNIT_TYPES.filter((ty) => allowed.includes(ty)).at(-1) ?? 'compound';
}

export function UserFormModal(props: Props) {
  const { me } = props;
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<UserForm>();
  const create = useCreateUser();
  const update = useUpdateUser();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const editing = props.mode === 'edit' ? props.user : null;
  const [unitType, setUnitType] = useState<UnitType | undefined>(editing?.unitType);
  const role = Form.useWatch('role', form) as Role | undefined;

  const grantable = grantableRoles(me.role);
  const roles = editing && !grantable.includes(editing.role) ? [editing.role, ...grantable] : grantable;

  const onFinish = (v: UserForm) => {
    problem.clear();
    if (props.mode === 'create') {
      create.mutate(
        {
          username: v.username.trim().toLowerCase(),
          displayName: v.displayName.trim(),
          role: v.role,
          unitId: v.unitId,
        },
        {
          onSuccess: (r) => {
            void message.success(t('users.created'));
            props.onCreated({
              username: r.user.username,
              displayName: r.user.displayName,
              temporaryPassword: r.temporaryPassword,
            });
          },
          onError: problem.onError,
        },
      );
      return;
    }
    const user = props.user;
    const body: UserUpdate = {};
    if (v.displayName.trim() !== user.displayName) body.displayName = v.displayName.trim();
    if (v.role !== user.role) body.role = v.role;
    if (v.unitId !== user.unitId) body.unitId = v.unitId;
    if (Object.keys(body).length === 0) {
      props.onClose();
      return;
    }
    update.mutate(
      { id: user.id, body },
      {
        onSuccess: () => {
          void message.success(t('users.saved'));
          props.onClose();
        },
        onError: problem.onError,
      },
    );
  };

  const onRoleChange = (next: Role) => {
    // A unit of a level the new role cannot be bound to is cleared rather than sent and refused.
    if (unitType && !roleFitsUnit(next, unitType)) {
      form.setFieldValue('unitId', undefined);
      setUnitType(undefined);
    }
  };

  const allowedTypes = role ? ROLE_UNIT_TYPES[role] : [];
  const size = isMobile ? 'large' : 'middle';

  return (
    <Modal
      open
      title={editing ? t('users.editTitle', { name: editing.displayName }) : t('users.createTitle')}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={editing ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      style={isMobile ? { top: 12 } : undefined}
      okButtonProps={{ size }}
      cancelButtonProps={{ size }}
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Form<UserForm>
        form={form}
        layout="vertical"
        onFinish={onFinish}
        data-testid="user-form"
        initialValues={
          editing
            ? {
                username: editing.username,
                displayName: editing.displayName,
                role: editing.role,
                unitId: editing.unitId,
              }
            : { role: grantable.length === 1 ? grantable[0] : undefined }
        }
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          extra={editing ? undefined : t('users.usernameHint')}
          rules={
            editing
              ? []
              : [
                  { required: true, message: t('common.required') },
                  zodRule(Username, currentLanguage(), t('common.invalid')),
                ]
          }
        >
          <Input
            disabled={!!editing}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            maxLength={32}
            size={size}
            data-testid="user-username"
          />
        </Form.Item>
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 50, message: t('common.tooLong', { max: '50' }) },
          ]}
        >
          <Input maxLength={50} size={size} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select<Role>
            size={size}
            data-testid="user-role"
            placeholder={t('common.select')}
            onChange={onRoleChange}
            options={roles.map((r) => ({
              value: r,
              label: t(`role.${r}`),
              disabled: !grantable.includes(r),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="unitId"
          label={t('users.unit')}
          extra={
            role
              ? t('users.unitHint', {
                  role: t(`role.${role}`),
                  types: allowedTypes.map((ty) => t(`unitType.${ty}`)).join(' / '),
                })
              : t('users.unitPickRoleFirst')
          }
          rules={[{ required: true, message: t('common.required') }]}
        >
          <UnitTreeSelect
            disabled={!role}
            selectableTypes={allowedTypes}
            deepestType={deepestFor(role)}
            valueLabel={editing?.unitName}
            onChange={(_id, unit) => setUnitType(unit?.type)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
