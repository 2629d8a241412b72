import { BuildOutlined } from '@ant-design/icons';
import { Alert, App, Button, Col, Form, InputNumber, Result, Row, Table, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BULK_LIMITS,
  type BulkResult,
  buildingName,
  bulkHouseholdCount,
  entranceName,
  roomName,
  type UnitBulkCreate,
  type UnitDto,
} from '../../../domain/units';
import { useFormProblem } from '../../components/form-errors';
import { formatNumber } from '../../components/format';
import { useIsMobile } from '../../components/use-is-mobile';
import { useBulkCreate } from './units.api';

const FIELDS = ['buildingFrom', 'buildingTo', 'entrancesPerBuilding', 'floors', 'roomsPerFloor'] as const;
const DEFAULTS: UnitBulkCreate = {
  buildingFrom: 1,
  buildingTo: 1,
  entrancesPerBuilding: 2,
  floors: 6,
  roomsPerFloor: 2,
};
/** Above this many households the user confirms first: a typo in a range should not make 40,000 rooms. */
const CONFIRM_ABOVE = 1000;

function complete(v: Partial<UnitBulkCreate>): UnitBulkCreate | null {
  const { buildingFrom, buildingTo, entrancesPerBuilding, floors, roomsPerFloor } = v;
  if (
    typeof buildingFrom !== 'number' ||
    typeof buildingTo !== 'number' ||
    typeof entrancesPerBuilding !== 'number' ||
    typeof floors !== 'number' ||
    typeof roomsPerFloor !== 'number' ||
    buildingTo < buildingFrom
  ) {
    return null;
  }
  return { buildingFrom, buildingTo, entrancesPerBuilding, floors, roomsPerFloor };
}

/** Room names a compound of this shape will have, e.g. 101、102 … 601、602. */
function exampleRooms(b: UnitBulkCreate): string {
  const first = [roomName(1, 1), ...(b.roomsPerFloor > 1 ? [roomName(1, b.roomsPerFloor)] : [])];
  if (b.floors === 1) return first.join('、');
  const last = [roomName(b.floors, 1), ...(b.roomsPerFloor > 1 ? [roomName(b.floors, b.roomsPerFloor)] : [])];
  return `${first.join('、')} … ${last.join('、')}`;
}

/** 批量生成楼栋/单元/房间 on a compound, with a live preview of what will be created. */
export function BulkCreatePanel({ unit }: { unit: UnitDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { modal } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<UnitBulkCreate>();
  const bulk = useBulkCreate();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const [result, setResult] = useState<BulkResult | null>(null);
  const values = Form.useWatch([], form) as Partial<UnitBulkCreate> | undefined;
  const shape = complete(values ?? DEFAULTS);
  const households = shape ? bulkHouseholdCount(shape) : 0;
  const tooMany = households > BULK_LIMITS.households;

  const run = (v: UnitBulkCreate) => {
    problem.clear();
    bulk.mutate(
      { id: unit.id, body: v },
      {
        onSuccess: (r) => setResult(r),
        onError: problem.onError,
      },
    );
  };
  const onFinish = (v: UnitBulkCreate) => {
    const count = bulkHouseholdCount(v);
    if (count <= CONFIRM_ABOVE) {
      run(v);
      return;
    }
    modal.confirm({
      title: t('units.bulk.confirm', { name: unit.name, n: formatNumber(count) }),
      okText: t('units.bulk.submit'),
      cancelText: t('common.cancel'),
      onOk: () => run(v),
    });
  };

  if (result) {
    const rows = (['building', 'entrance', 'household'] as const).map((type) => ({
      type,
      created: result.created[type],
      existing: result.existing[type],
    }));
    const total = result.created.household + result.existing.household;
    return (
      <Result
        status="success"
        style={{ padding: isMobile ? '16px 0' : undefined }}
        title={t('units.bulk.done')}
        subTitle={<span data-testid="bulk-result">{t('units.bulk.resultHouseholds', { count: total })}</span>}
        extra={
          <Button type="primary" onClick={() => setResult(null)}>
            {t('units.bulk.again')}
          </Button>
        }
      >
        <Table
          data-testid="bulk-result-table"
          size="small"
          rowKey="type"
          pagination={false}
          dataSource={rows}
          style={{ maxWidth: 420, margin: '0 auto' }}
          columns={[
            {
              title: t('units.type'),
              dataIndex: 'type',
              render: (type: (typeof rows)[number]['type']) => t(`unitType.${type}`),
            },
            {
              title: t('units.bulk.created'),
              dataIndex: 'created',
              align: 'right',
              render: (n: number) => formatNumber(n),
            },
            {
              title: t('units.bulk.existing'),
              dataIndex: 'existing',
              align: 'right',
              render: (n: number) => formatNumber(n),
            },
          ]}
        />
      </Result>
    );
  }

  const numberInput = (min: number, max: number) => (
    <InputNumber
      min={min}
      max={max}
      precision={0}
      style={{ width: '100%' }}
      size={isMobile ? 'large' : 'middle'}
      inputMode="numeric"
    />
  );
  const required = { required: true, message: t('common.required') };

  return (
    <div data-testid="bulk-panel">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('units.bulk.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('units.bulk.intro')}</Typography.Paragraph>
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Form<UnitBulkCreate>
        form={form}
        layout="vertical"
        initialValues={DEFAULTS}
        onFinish={onFinish}
        data-testid="bulk-form"
      >
        <Row gutter={16}>
          <Col xs={12} md={8} xl={4}>
            <Form.Item name="buildingFrom" label={t('units.bulk.buildingFrom')} rules={[required]}>
              {numberInput(1, 9999)}
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={4}>
            <Form.Item
              name="buildingTo"
              label={t('units.bulk.buildingTo')}
              dependencies={['buildingFrom']}
              rules={[
                required,
                ({ getFieldValue }) => ({
                  validator: async (_r, v: number | undefined) => {
                    const from = getFieldValue('buildingFrom') as number | undefined;
                    if (typeof v === 'number' && typeof from === 'number') {
                      if (v < from) throw new Error(t('units.bulk.rangeError'));
                      if (v - from + 1 > BULK_LIMITS.buildings) {
                        throw new Error(
                          t('units.bulk.tooManyBuildings', { max: String(BULK_LIMITS.buildings) }),
                        );
                      }
                    }
                  },
                }),
              ]}
            >
              {numberInput(1, 9999)}
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={6}>
            <Form.Item
              name="entrancesPerBuilding"
              label={t('units.bulk.entrancesPerBuilding')}
              tooltip={t('units.bulk.entrancesHint')}
              rules={[required]}
            >
              {numberInput(0, BULK_LIMITS.entrances)}
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={5}>
            <Form.Item name="floors" label={t('units.bulk.floors')} rules={[required]}>
              {numberInput(1, BULK_LIMITS.floors)}
            </Form.Item>
          </Col>
          <Col xs={12} md={8} xl={5}>
            <Form.Item name="roomsPerFloor" label={t('units.bulk.roomsPerFloor')} rules={[required]}>
              {numberInput(1, BULK_LIMITS.roomsPerFloor)}
            </Form.Item>
          </Col>
        </Row>

        <div
          data-testid="bulk-preview"
          style={{
            background: tooMany ? token.colorErrorBg : token.colorInfoBg,
            border: `1px solid ${tooMany ? token.colorErrorBorder : token.colorInfoBorder}`,
            borderRadius: token.borderRadiusLG,
            padding: isMobile ? 12 : 16,
            marginBottom: 16,
          }}
        >
          <Typography.Text type="secondary">{t('units.bulk.preview')}</Typography.Text>
          {shape ? (
            <>
              <div
                style={{ fontSize: isMobile ? 20 : 24, fontWeight: 600, margin: '4px 0' }}
                data-testid="bulk-count"
              >
                {t('units.bulk.previewHouseholds', { n: formatNumber(households) })}
              </div>
              <div style={{ color: token.colorTextSecondary }}>
                {t('units.bulk.previewBuildings', { count: shape.buildingTo - shape.buildingFrom + 1 })}
                {' · '}
                {shape.entrancesPerBuilding > 0
                  ? t('units.bulk.previewEntrances', { count: shape.entrancesPerBuilding })
                  : t('units.bulk.previewNoEntrances')}
                {' · '}
                {t('units.bulk.previewFloors', {
                  floors: String(shape.floors),
                  rooms: String(shape.roomsPerFloor),
                })}
              </div>
              <div style={{ marginTop: 4 }}>
                {t('units.bulk.previewRooms')}
                {t('common.colon')}
                <Typography.Text code>{exampleRooms(shape)}</Typography.Text>
              </div>
              <div style={{ marginTop: 4, color: token.colorTextSecondary }}>
                {t('units.bulk.previewPath', {
                  path: [
                    unit.name,
                    buildingName(shape.buildingFrom),
                    ...(shape.entrancesPerBuilding > 0 ? [entranceName(1)] : []),
                    roomName(1, 1),
                  ].join(' / '),
                })}
              </div>
              {tooMany && (
                <div style={{ color: token.colorError, marginTop: 4 }}>
                  {t('units.bulk.tooMany', { max: formatNumber(BULK_LIMITS.households) })}
                </div>
              )}
            </>
          ) : (
            <div style={{ marginTop: 4 }}>—</div>
          )}
        </div>
        <Button
          type="primary"
          htmlType="submit"
          icon={<BuildOutlined />}
          loading={bulk.isPending}
          disabled={!shape || tooMany}
          size={isMobile ? 'large' : 'middle'}
          block={isMobile}
          data-testid="bulk-submit"
        >
          {t('units.bulk.submit')}
        </Button>
      </Form>
    </div>
  );
}
