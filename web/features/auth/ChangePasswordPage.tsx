import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { NewPassword, PASSWORD_MIN } from '../../../domain/auth';
import { currentLanguage } from '../../app/i18n';
import type { LoginLocationState } from '../../app/session';
import { useFormProblem, zodRule } from '../../components/form-errors';
import { AuthCard } from './AuthCard';
import { clearSession, useChangePassword, useLogout, useSession } from './auth.api';

interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

/**
 * Forced after the first login and after a reset (the guard sends every route here until it is done),
 * and reachable from the account menu at any time.
 */
export function ChangePasswordPage() {
  const me = useSession();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<ChangeForm>();
  const change = useChangePassword();
  const logout = useLogout();
  const queryClient = useQueryClient();
  const forced = me.mustChangePassword;
  const problem = useFormProblem(form, FIELDS, t('error.network'));

  const onFinish = ({ currentPassword, newPassword }: ChangeForm) => {
    problem.clear();
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          void message.success(t('auth.changed'));
          navigate('/', { replace: true });
        },
        onError: problem.onError,
      },
    );
  };

  // Back to where the menu was opened; a page opened directly goes to the start page instead.
  const goBack = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate('/');
  };

  const doLogout = () =>
    logout.mutate(undefined, {
      onSettled: () => {
        const state: LoginLocationState = { reason: 'loggedOut' };
        navigate('/login', { replace: true, state });
        clearSession(queryClient);
      },
    });

  return (
    <AuthCard
      title={t('auth.changeTitle')}
      intro={
        <>
          <span data-testid="signed-in-as">
            {t('auth.signedInAs', { name: me.displayName, username: me.username })}
          </span>
          <br />
          {forced ? t('auth.changeForced') : t('auth.changeVoluntary')}
        </>
      }
    >
      {problem.banner && (
        <Alert
          type="error"
          showIcon
          title={problem.banner}
          style={{ marginBottom: 16 }}
          data-testid="form-error"
        />
      )}
      <Form<ChangeForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        {/* Tells password managers whose password this is. */}
        <input type="text" name="username" autoComplete="username" value={me.username} readOnly hidden />
        <Form.Item
          name="currentPassword"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" autoFocus />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          extra={t('auth.passwordRules', { min: String(PASSWORD_MIN) })}
          rules={[
            { required: true, message: t('common.required') },
            zodRule(NewPassword, currentLanguage(), t('common.invalid')),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: async (_r, value: string | undefined) => {
                if (!value || value === getFieldValue('newPassword')) return;
                throw new Error(t('auth.confirmMismatch'));
              },
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Space orientation="vertical" style={{ width: '100%' }} size={12}>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={change.isPending}
            data-testid="change-submit"
          >
            {t('auth.changeSubmit')}
          </Button>
          {forced ? (
            <Button block icon={<LogoutOutlined />} onClick={doLogout} loading={logout.isPending}>
              {t('auth.logout')}
            </Button>
          ) : (
            <Button block onClick={goBack}>
              {t('common.back')}
            </Button>
          )}
        </Space>
      </Form>
    </AuthCard>
  );
}
