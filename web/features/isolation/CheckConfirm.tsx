import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { App, Button, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CheckDto } from '../../../domain/isolation';
import { formatDateTime } from '../../components/format';
import { errorMessage } from '../../components/states';
import { useConfirmCheck } from './isolation.api';

/**
 * A resident's self-report waits for staff to confirm it: an amber "to confirm" tag with a button,
 * then a green tag saying who confirmed it and when. Checks made by staff show nothing here.
 */
export function CheckConfirmButton({ check, canWrite }: { check: CheckDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirmCheck();
  if (check.method !== 'self_report' || check.confirmedAt === undefined) return null;
  if (check.confirmedAt)
    return (
      <Tooltip title={formatDateTime(check.confirmedAt)}>
        <Tag icon={<CheckCircleOutlined />} color="success" style={{ marginInlineEnd: 0 }}>
          {t('isolation.check.confirmedBy', { name: check.confirmedBy?.displayName ?? '' })}
        </Tag>
      </Tooltip>
    );
  return (
    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center' }}>
      <Tag icon={<ClockCircleOutlined />} color="warning" style={{ marginInlineEnd: 0 }}>
        {t('isolation.check.awaitingConfirmation')}
      </Tag>
      {canWrite && (
        <Button
          size="small"
          type="primary"
          ghost
          loading={confirm.isPending}
          onClick={() =>
            confirm.mutate(check.id, {
              onSuccess: () => void message.success(t('isolation.check.confirmed')),
              onError: (e) => void message.error(errorMessage(e, t('error.network'))),
            })
          }
          data-testid="check-confirm"
        >
          {t('isolation.check.confirm')}
        </Button>
      )}
    </span>
  );
}
