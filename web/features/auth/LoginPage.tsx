import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router';
import type { LoginLocationState } from '../../app/session';
import { errorMessage } from '../../components/states';
import { AuthCard } from './AuthCard';
import { useLogin, useMe } from './auth.api';
import { isGatePath, readLoginUrl } from './login-link';

interface LoginForm {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  // Router state from the main app, else what the address says (the gate page leaves that way).
  const fromUrl = readLoginUrl(location.search);
  const routed = (location.state ?? {}) as LoginLocationState;
  const reason = routed.reason ?? fromUrl.reason;
  const from = routed.from ?? fromUrl.next;
  const state: LoginLocationState = { ...(reason ? { reason } : {}), ...(from ? { from } : {}) };
  const { data: me } = useMe();
  const login = useLogin();
  const [form] = Form.useForm<LoginForm>();

  const target = (mustChange: boolean) => (mustChange ? '/change-password' : (state.from ?? '/'));
  if (me && !login.isPending) {
    const to = target(me.mustChangePassword);
    if (isGatePath(to)) {
      window.location.replace(to);
      return null;
    }
    return <Navigate to={to} replace />;
  }

  const onFinish = (values: LoginForm) => {
    login.mutate(values, {
      onSuccess: (signedIn) => {
        const to = target(signedIn.mustChangePassword);
        // The gate is a page of its own: a full page load, not a route of this app.
        if (isGatePath(to)) window.location.replace(to);
        else navigate(to, { replace: true });
      },
      onError: () => form.setFieldValue('password', ''),
    });
  };

  let notice: { type: 'info' | 'warning'; text: string } | null = null;
  if (state.reason === 'expired') notice = { type: 'warning', text: t('auth.expired') };
  if (state.reason === 'loggedOut') notice = { type: 'info', text: t('auth.loggedOut') };

  return (
    <AuthCard title={t('auth.welcome')} intro={t('auth.intro')}>
      {login.isError ? (
        <Alert
          type="error"
          showIcon
          data-testid="login-error"
          title={errorMessage(login.error, t('error.network'))}
          style={{ marginBottom: 16 }}
        />
      ) : (
        notice && (
          <Alert
            type={notice.type}
            showIcon
            data-testid="login-notice"
            title={notice.text}
            style={{ marginBottom: 16 }}
          />
        )
      )}
      <Form<LoginForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} size="large">
        <Form.Item
          name="username"
          label={t('auth.username')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input
            prefix={<UserOutlined />}
            placeholder={t('auth.usernamePlaceholder')}
            autoComplete="username"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            autoFocus
          />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('auth.password')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password
            prefix={<LockOutlined />}
            placeholder={t('auth.passwordPlaceholder')}
            autoComplete="current-password"
          />
        </Form.Item>
        <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
          {t('auth.submit')}
        </Button>
      </Form>
      <div style={{ marginTop: 16, fontSize: 13, color: '#6b7280' }}>{t('auth.forgot')}</div>
    </AuthCard>
  );
}
