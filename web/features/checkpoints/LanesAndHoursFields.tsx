import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, type FormInstance, Input, Select, Switch, TimePicker, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { LANE_DIRECTIONS, LANE_KINDS, type Lane } from '../../../domain/checkpoints';

export type LaneForm = { key?: string; name: string; kind: Lane['kind']; direction: Lane['direction'] };

/**
 * Lanes (`lanes`) and opening hours (`allDay`, `windows`) of the checkpoint form: at least one lane,
 * at most 12; open around the clock, or windows of local time that may run past midnight.
 */
export function LanesAndHoursFields({
  form,
  allDay,
  size,
  isMobile,
}: {
  form: FormInstance;
  allDay: boolean;
  size: 'large' | 'middle';
  isMobile: boolean;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('checkpoints.field.lanes')}
      </Typography.Title>
      <Form.List
        name="lanes"
        rules={[
          {
            validator: async (_r, lanes: LaneForm[] | undefined) => {
              if (!lanes || lanes.length === 0) throw new Error(t('checkpoints.form.laneNeeded'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <div style={{ display: 'grid', gap: 8, marginBottom: 16 }} data-testid="lane-list">
            {fields.map((field) => (
              <div
                key={field.key}
                style={{
                  display: 'grid',
                  gridTemplateColumns: isMobile ? '1fr 1fr auto' : '2fr 1.2fr 1fr auto',
                  gap: 8,
                  alignItems: 'start',
                }}
              >
                <Form.Item
                  name={[field.name, 'name']}
                  rules={[
                    { required: true, whitespace: true, message: t('checkpoints.form.laneName') },
                    { max: 30, message: t('common.tooLong', { max: '30' }) },
                  ]}
                  style={{ marginBottom: 0, gridColumn: isMobile ? '1 / span 2' : undefined }}
                >
                  <Input size={size} maxLength={30} placeholder={t('checkpoints.form.laneName')} />
                </Form.Item>
                <Form.Item name={[field.name, 'kind']} style={{ marginBottom: 0 }}>
                  <Select
                    size={size}
                    aria-label={t('checkpoints.form.laneKind')}
                    options={LANE_KINDS.map((k) => ({ value: k, label: t(`checkpoints.laneKind.${k}`) }))}
                  />
                </Form.Item>
                <Form.Item name={[field.name, 'direction']} style={{ marginBottom: 0 }}>
                  <Select
                    size={size}
                    aria-label={t('checkpoints.form.laneDirection')}
                    options={LANE_DIRECTIONS.map((d) => ({
                      value: d,
                      label: t(`checkpoints.laneDirection.${d}`),
                    }))}
                  />
                </Form.Item>
                <Button
                  size={size}
                  icon={<DeleteOutlined />}
                  aria-label={t('checkpoints.form.removeLane')}
                  disabled={fields.length <= 1}
                  onClick={() => remove(field.name)}
                  style={isMobile ? { gridRow: 1, gridColumn: 3 } : undefined}
                />
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            {fields.length < 12 && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ name: '', kind: 'vehicle', direction: 'both' })}
                data-testid="lane-add"
              >
                {t('checkpoints.form.addLane')}
              </Button>
            )}
          </div>
        )}
      </Form.List>

      <Form.Item
        name="allDay"
        label={t('checkpoints.field.hours')}
        valuePropName="checked"
        extra={allDay ? t('checkpoints.form.allDayHint') : t('checkpoints.form.windowsHint')}
      >
        <Switch
          checkedChildren={t('checkpoints.hours.allDay')}
          unCheckedChildren={t('checkpoints.form.byHours')}
          onChange={(on) => {
            if (!on && (form.getFieldValue('windows') ?? []).length === 0)
              form.setFieldValue('windows', [{ range: [dayjs('06:00', 'HH:mm'), dayjs('22:00', 'HH:mm')] }]);
          }}
          data-testid="hours-all-day"
        />
      </Form.Item>
      {!allDay && (
        <Form.List name="windows">
          {(fields, { add, remove }) => (
            <div style={{ display: 'grid', gap: 8, marginBottom: 16 }}>
              {fields.map((field) => (
                <div key={field.key} style={{ display: 'flex', gap: 8, alignItems: 'start' }}>
                  <Form.Item
                    name={[field.name, 'range']}
                    rules={[
                      {
                        validator: async (_r, range: [Dayjs | null, Dayjs | null] | undefined) => {
                          if (!range?.[0] || !range[1]) throw new Error(t('checkpoints.form.windowNeeded'));
                          if (range[0].format('HH:mm') === range[1].format('HH:mm'))
                            throw new Error(t('checkpoints.form.windowEmpty'));
                        },
                      },
                    ]}
                    style={{ marginBottom: 0, flex: 1 }}
                  >
                    <TimePicker.RangePicker
                      format="HH:mm"
                      minuteStep={5}
                      order={false}
                      size={size}
                      style={{ width: '100%' }}
                      inputReadOnly={isMobile}
                    />
                  </Form.Item>
                  <Button
                    size={size}
                    icon={<DeleteOutlined />}
                    aria-label={t('checkpoints.form.removeWindow')}
                    disabled={fields.length <= 1}
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              {fields.length < 6 && (
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                  {t('checkpoints.form.addWindow')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
      )}
    </>
  );
}
