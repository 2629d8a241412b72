import { Alert, Divider, Form, InputNumber, Select, Switch, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { QUOTA_SCOPES } from '../../../domain/checkpoints';
import type { CompoundStatus } from '../../../domain/units';
import { GateStatusTag } from './checkpoint-display';

/**
 * The rules of a gate's compound inside the checkpoint form (fields `quotaOn`, `quotaPer`, `quotaDays`,
 * `quotaOutings`, `visitorsAllowed`, `feverThreshold`): the compound's status and what it means at
 * the gate, the outing quota, visitors and the fever threshold. They hold for every gate of the compound.
 */
export function GateRulesFields({
  ruleUnit,
  status,
  compoundName,
  rulesFailed,
  quotaOn,
  size,
  isMobile,
}: {
  ruleUnit: string | undefined;
  status: CompoundStatus | null | undefined;
  compoundName: string;
  rulesFailed: boolean;
  quotaOn: boolean;
  size: 'large' | 'middle';
  isMobile: boolean;
}) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const twoColumns = { display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 12 };
  return (
    <>
      <Divider style={{ margin: '8px 0 16px' }} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('checkpoints.rules.title')}
      </Typography.Title>
      {ruleUnit ? (
        <div
          style={{
            display: 'flex',
            gap: 8,
            alignItems: 'center',
            flexWrap: 'wrap',
            marginBottom: 12,
            padding: '8px 12px',
            borderRadius: token.borderRadius,
            background: token.colorFillQuaternary,
          }}
          data-testid="rules-compound"
        >
          <GateStatusTag status={status ?? 'open'} />
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(`checkpoints.status.rule.${status ?? 'open'}`)}
          </Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 13, flexBasis: '100%' }}>
            {t('checkpoints.rules.sharedHint', {
              compound: compoundName,
            })}
          </Typography.Text>
        </div>
      ) : (
        <Typography.Paragraph type="secondary">{t('checkpoints.rules.pickCompound')}</Typography.Paragraph>
      )}
      {rulesFailed && (
        <Alert
          type="warning"
          showIcon
          title={t('checkpoints.rules.loadFailed')}
          style={{ marginBottom: 12 }}
        />
      )}
      <Form.Item label={t('checkpoints.rules.quota')} extra={t('checkpoints.rules.quotaHint')}>
        <div
          style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', minHeight: 32 }}
          data-testid="quota-fields"
        >
          <Form.Item name="quotaOn" valuePropName="checked" noStyle>
            <Switch aria-label={t('checkpoints.rules.quota')} data-testid="quota-on" />
          </Form.Item>
          {quotaOn ? (
            <>
              <Form.Item name="quotaPer" noStyle>
                <Select
                  size={size}
                  style={{ width: 110 }}
                  aria-label={t('checkpoints.rules.perLabel')}
                  options={QUOTA_SCOPES.map((s) => ({
                    value: s,
                    label: t(`checkpoints.rules.per.${s}`),
                  }))}
                />
              </Form.Item>
              <span>{t('checkpoints.rules.every')}</span>
              <Form.Item name="quotaDays" noStyle rules={[{ required: true }]}>
                <InputNumber
                  size={size}
                  min={1}
                  max={14}
                  precision={0}
                  style={{ width: 72 }}
                  aria-label={t('checkpoints.rules.daysLabel')}
                />
              </Form.Item>
              <span>{t('checkpoints.rules.daysUnit')}</span>
              <Form.Item name="quotaOutings" noStyle rules={[{ required: true }]}>
                <InputNumber
                  size={size}
                  min={1}
                  max={20}
                  precision={0}
                  style={{ width: 72 }}
                  aria-label={t('checkpoints.rules.outingsLabel')}
                />
              </Form.Item>
              <span>{t('checkpoints.rules.outingsUnit')}</span>
            </>
          ) : (
            <Typography.Text type="secondary">{t('checkpoints.rules.noQuota')}</Typography.Text>
          )}
        </div>
      </Form.Item>
      <div style={twoColumns}>
        <Form.Item
          name="visitorsAllowed"
          valuePropName="checked"
          label={t('checkpoints.rules.visitors')}
          extra={t('checkpoints.rules.visitorsHint')}
        >
          <Switch />
        </Form.Item>
        <Form.Item
          name="feverThreshold"
          label={t('checkpoints.rules.fever')}
          extra={t('checkpoints.rules.feverHint')}
          rules={[{ required: true, message: t('checkpoints.rules.feverNeeded') }]}
        >
          <InputNumber
            size={size}
            min={36}
            max={39}
            step={0.1}
            precision={1}
            suffix="℃"
            style={{ width: 140 }}
          />
        </Form.Item>
      </div>
    </>
  );
}
