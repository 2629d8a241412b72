import { ExclamationCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** The one and only time a temporary password is shown: after creating an account or a reset. */
export function TempPasswordModal({
  username,
  displayName,
  password,
  onClose,
}: {
  username: string;
  displayName: string;
  password: string | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      open
      title={t('users.tempTitle')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="temp-password-done" size="large">
          {t('users.tempDone')}
        </Button>
      }
    >
      {password ? (
        <>
          <Typography.Paragraph>{t('users.tempIntro', { name: displayName })}</Typography.Paragraph>
          <Descriptions
            column={1}
            bordered
            size="small"
            items={[
              {
                key: 'u',
                label: t('users.username'),
                children: <Typography.Text copyable>{username}</Typography.Text>,
              },
              {
                key: 'p',
                label: t('users.tempTitle'),
                children: (
                  <Typography.Text
                    code
                    copyable={{ tooltips: [t('common.copy'), t('common.copied')] }}
                    style={{ fontSize: 18 }}
                    data-testid="temp-password"
                  >
                    {password}
                  </Typography.Text>
                ),
              },
            ]}
          />
          <Alert
            type="warning"
            showIcon
            icon={<ExclamationCircleOutlined />}
            title={t('users.tempWarning')}
            style={{ marginTop: 16 }}
          />
        </>
      ) : (
        <Typography.Paragraph>{t('users.tempNone')}</Typography.Paragraph>
      )}
    </Modal>
  );
}
