import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Brand } from '../../app/shell/Brand';
import { LanguageSwitch } from '../../app/shell/LanguageSwitch';
import { useIsMobile } from '../../components/use-is-mobile';

/** The frame of the pages shown before the shell: login and the forced password change. */
export function AuthCard({
  title,
  intro,
  children,
  extra,
}: {
  title: string;
  intro?: ReactNode;
  children: ReactNode;
  extra?: ReactNode;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'flex',
        flexDirection: 'column',
        background: 'linear-gradient(160deg, #15396b 0%, #1e5bb8 45%, #eef3fb 45%, #f5f7fb 100%)',
      }}
    >
      <header
        style={{
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          padding: isMobile ? '12px 12px' : '20px 32px',
        }}
      >
        <Brand light size={isMobile ? 30 : 36} />
        <LanguageSwitch light />
      </header>
      <main
        style={{
          flex: 1,
          display: 'flex',
          alignItems: isMobile ? 'flex-start' : 'center',
          justifyContent: 'center',
          padding: isMobile ? '8px 12px 24px' : '24px',
        }}
      >
        <Card
          style={{ width: '100%', maxWidth: 420, boxShadow: '0 12px 40px rgba(21,57,107,0.18)' }}
          styles={{ body: { padding: isMobile ? 20 : 32 } }}
        >
          <Typography.Title level={3} style={{ marginTop: 0, marginBottom: 8 }}>
            {title}
          </Typography.Title>
          {intro && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 24 }}>
              {intro}
            </Typography.Paragraph>
          )}
          {children}
        </Card>
      </main>
      <footer style={{ textAlign: 'center', padding: 16, color: '#6b7280', fontSize: 12 }}>
        {extra}
        <div>{t('app.footer')}</div>
      </footer>
    </div>
  );
}
