import { Alert, App, Divider, Form, Input, Modal, Radio, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CheckpointDto,
  type CheckpointKind,
  DEFAULT_GATE_RULES,
  type GateRules,
  type Lane,
} from '../../../domain/checkpoints';
import type { UnitType } from '../../../domain/units';
import { applyProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { useUnitDetail } from '../registry/registry.api';
import { UnitTreeSelect } from '../units';
import {
  useCreateCheckpoint,
  useGateRules,
  useUpdateCheckpoint,
  useUpdateGateRules,
} from './checkpoints.api';
import { GateRulesFields } from './GateRulesFields';
import { type LaneForm, LanesAndHoursFields } from './LanesAndHoursFields';

/** Where a checkpoint of each kind may hang: a gate on a compound or village, a road checkpoint higher up. */
const UNIT_TYPES: Record<CheckpointKind, readonly UnitType[]> = {
  gate: ['compound', 'village'],
  road: ['subdistrict', 'community', 'village'],
};

type FormValues = {
  kind: CheckpointKind;
  unitId?: string;
  name: string;
  lanes: LaneForm[];
  allDay: boolean;
  windows: { range?: [Dayjs | null, Dayjs | null] }[];
  note?: string;
  archived: boolean;
  quotaOn: boolean;
  quotaOutings: number;
  quotaDays: number;
  quotaPer: 'household' | 'person';
  visitorsAllowed: boolean;
  feverThreshold: number;
};

const CHECKPOINT_FIELDS = ['unitId', 'name', 'kind', 'lanes', 'openingHours', 'note'];
const RULE_FIELDS: (keyof FormValues)[] = [
  'quotaOn',
  'quotaOutings',
  'quotaDays',
  'quotaPer',
  'visitorsAllowed',
  'feverThreshold',
];

/** Short stable keys (`p1`, `v2`) for new lanes; existing lanes keep theirs, so old passages still name them. */
function laneKeys(lanes: LaneForm[]): Lane[] {
  const used = new Set(lanes.flatMap((l) => (l.key ? [l.key] : [])));
  return lanes.map((l) => {
    let key = l.key;
    if (!key) {
      const prefix = l.kind === 'vehicle' ? 'v' : l.kind === 'mixed' ? 'm' : 'p';
      let n = 1;
      while (used.has(`${prefix}${n}`)) n++;
      key = `${prefix}${n}`;
      used.add(key);
    }
    return { key, name: l.name.trim(), kind: l.kind, direction: l.direction };
  });
}

function rulesFromForm(v: FormValues): GateRules {
  return {
    quota: v.quotaOn ? { outings: v.quotaOutings, days: v.quotaDays, per: v.quotaPer } : null,
    visitorsAllowed: v.visitorsAllowed,
    feverThreshold: Math.round(v.feverThreshold * 10) / 10,
  };
}

function rulesToForm(r: GateRules): Partial<FormValues> {
  return {
    quotaOn: r.quota !== null,
    quotaOutings: r.quota?.outings ?? DEFAULT_GATE_RULES.quota?.outings ?? 1,
    quotaDays: r.quota?.days ?? DEFAULT_GATE_RULES.quota?.days ?? 2,
    quotaPer: r.quota?.per ?? 'household',
    visitorsAllowed: r.visitorsAllowed,
    feverThreshold: r.feverThreshold,
  };
}

const sameRules = (a: GateRules, b: GateRules) => JSON.stringify(a) === JSON.stringify(b);

/**
 * 新建/编辑卡口: where the checkpoint is (a compound's or village's gate, or a road checkpoint), its
 * lanes, opening hours and a note; for a gate also the rules of its compound (outing quota, visitors,
 * fever threshold), which hold for every gate of that compound. Two requests when both change: if
 * the rules fail, the checkpoint stays saved and only the rules are tried again.
 */
export function CheckpointFormModal({
  checkpoint,
  defaultUnit,
  onClose,
}: {
  checkpoint?: CheckpointDto;
  defaultUnit?: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateCheckpoint();
  const updateCheckpoint = useUpdateCheckpoint();
  const updateRules = useUpdateGateRules();
  const [saved, setSaved] = useState<CheckpointDto | undefined>(checkpoint);
  const [banner, setBanner] = useState<string | null>(null);
  const editing = saved !== undefined;

  const kind = Form.useWatch('kind', form) ?? saved?.kind ?? 'gate';
  const unitId = Form.useWatch('unitId', form) ?? saved?.unitId;
  const allDay = Form.useWatch('allDay', form) ?? true;
  const quotaOn = Form.useWatch('quotaOn', form) ?? true;
  const picked = useUnitDetail(editing ? undefined : unitId);
  const pickedType = editing ? undefined : picked.data?.type;
  // The compound (or village) whose rules a gate follows.
  const ruleUnit =
    kind !== 'gate'
      ? undefined
      : editing
        ? (saved?.compound?.id ?? saved?.unitId)
        : pickedType && UNIT_TYPES.gate.includes(pickedType)
          ? unitId
          : undefined;
  const rules = useGateRules(ruleUnit);
  const status = editing ? saved?.compound?.status : picked.data?.status;

  // The rules of the compound, once known, fill their fields (unless the user already changed them).
  const rulesData = rules.data;
  useEffect(() => {
    if (!rulesData) return;
    const touched = form.isFieldsTouched(RULE_FIELDS);
    if (!touched) form.setFieldsValue(rulesToForm(rulesData));
  }, [rulesData, form]);

  const defaultLaneName = t('checkpoints.form.defaultLane');
  const initialValues: Partial<FormValues> = saved
    ? {
        kind: saved.kind,
        unitId: saved.unitId,
        name: saved.name,
        lanes: saved.lanes.map((l) => ({ ...l })),
        allDay: saved.openingHours.length === 0,
        windows: saved.openingHours.map((w) => ({
          range: [dayjs(w.from, 'HH:mm'), dayjs(w.to, 'HH:mm')] as [Dayjs, Dayjs],
        })),
        note: saved.note ?? '',
        archived: saved.archived,
        ...rulesToForm(saved.rules),
      }
    : {
        kind: 'gate',
        unitId: defaultUnit,
        lanes: [{ name: defaultLaneName, kind: 'person', direction: 'both' }],
        allDay: true,
        windows: [],
        archived: false,
        ...rulesToForm(DEFAULT_GATE_RULES),
      };

  const pending = create.isPending || updateCheckpoint.isPending || updateRules.isPending;

  const submit = async (v: FormValues) => {
    setBanner(null);
    const lanes = laneKeys(v.lanes ?? []);
    const openingHours = v.allDay
      ? []
      : (v.windows ?? []).flatMap((w) =>
          w.range?.[0] && w.range[1]
            ? [{ from: w.range[0].format('HH:mm'), to: w.range[1].format('HH:mm') }]
            : [],
        );
    if (!v.allDay && openingHours.length === 0) {
      form.setFields([{ name: 'allDay', errors: [t('checkpoints.form.hoursNeeded')] }]);
      return;
    }
    let current = saved;
    try {
      if (!current) {
        if (v.kind === 'gate' && pickedType && !UNIT_TYPES.gate.includes(pickedType)) {
          form.setFields([{ name: 'unitId', errors: [t('checkpoints.form.unitGate')] }]);
          return;
        }
        current = await create.mutateAsync({
          unitId: v.unitId ?? '',
          name: v.name.trim(),
          kind: v.kind,
          lanes,
          openingHours,
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        });
        setSaved(current);
      } else {
        const patch = {
          ...(v.name.trim() !== current.name ? { name: v.name.trim() } : {}),
          ...(JSON.stringify(lanes) !== JSON.stringify(current.lanes) ? { lanes } : {}),
          ...(JSON.stringify(openingHours) !== JSON.stringify(current.openingHours) ? { openingHours } : {}),
          ...((v.note?.trim() || null) !== current.note ? { note: v.note?.trim() || null } : {}),
          ...(v.archived !== current.archived ? { archived: v.archived } : {}),
        };
        if (Object.keys(patch).length > 0)
          current = await updateCheckpoint.mutateAsync({ id: current.id, body: patch });
      }
    } catch (error) {
      setBanner(applyProblem(form, error, CHECKPOINT_FIELDS, t('error.network')));
      return;
    }
    const target = current.kind === 'gate' ? (current.compound?.id ?? current.unitId) : undefined;
    const next = rulesFromForm(v);
    const before = rules.data ?? current.rules;
    if (target && !sameRules(next, before)) {
      try {
        await updateRules.mutateAsync({ unitId: target, body: next });
      } catch (error) {
        const rest = applyProblem(form, error, RULE_FIELDS, t('error.network'));
        setBanner(t('checkpoints.form.rulesFailed', { reason: rest ?? t('checkpoints.form.seeFields') }));
        return;
      }
    }
    void message.success(
      checkpoint
        ? t('checkpoints.form.saved', { name: current.name })
        : t('checkpoints.form.created', { name: current.name }),
    );
    onClose();
  };

  const size = isMobile ? 'large' : 'middle';
  const twoColumns = { display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 12 };

  return (
    <Modal
      open
      title={
        checkpoint
          ? t('checkpoints.form.editTitle', { name: checkpoint.name })
          : t('checkpoints.form.createTitle')
      }
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={saved && !checkpoint ? t('checkpoints.form.retryRules') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      okButtonProps={{ size }}
      cancelButtonProps={{ size }}
      destroyOnHidden
      width={isMobile ? '100%' : 760}
      style={isMobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div data-testid="checkpoint-dialog">
        {banner && (
          <Alert
            type="error"
            showIcon
            title={banner}
            style={{ marginBottom: 16 }}
            data-testid="checkpoint-error"
          />
        )}
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={pending}
          initialValues={initialValues}
          onFinish={(v) => void submit(v)}
          scrollToFirstError
        >
          <div style={twoColumns}>
            <Form.Item name="kind" label={t('checkpoints.field.kind')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                size={size}
                disabled={editing}
                onChange={() => form.setFieldValue('unitId', undefined)}
                options={[
                  { value: 'gate', label: t('checkpoints.kind.gate') },
                  { value: 'road', label: t('checkpoints.kind.road') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="unitId"
              label={
                kind === 'gate' ? t('checkpoints.form.unitGateLabel') : t('checkpoints.form.unitRoadLabel')
              }
              rules={[{ required: true, message: t('checkpoints.form.unitNeeded') }]}
              extra={editing ? t('checkpoints.form.unitFixed') : undefined}
            >
              <UnitTreeSelect
                id="unitId"
                disabled={editing}
                valueLabel={saved?.unitName ?? picked.data?.name}
                selectableTypes={UNIT_TYPES[kind]}
                deepestType={kind === 'gate' ? 'compound' : 'community'}
                placeholder={t('checkpoints.form.unitPlaceholder')}
              />
            </Form.Item>
          </div>
          <Form.Item
            name="name"
            label={t('checkpoints.field.name')}
            rules={[
              { required: true, whitespace: true, message: t('checkpoints.form.nameNeeded') },
              { max: 60, message: t('common.tooLong', { max: '60' }) },
            ]}
          >
            <Input size={size} maxLength={60} placeholder={t('checkpoints.form.namePlaceholder')} />
          </Form.Item>

          <LanesAndHoursFields form={form} allDay={allDay} size={size} isMobile={isMobile} />
          <Form.Item
            name="note"
            label={t('checkpoints.field.note')}
            rules={[{ max: 500, message: t('common.tooLong', { max: '500' }) }]}
          >
            <Input.TextArea
              maxLength={500}
              autoSize={{ minRows: 1, maxRows: 3 }}
              placeholder={t('checkpoints.form.notePlaceholder')}
            />
          </Form.Item>

          {kind === 'gate' && (
            <GateRulesFields
              ruleUnit={ruleUnit}
              status={status}
              compoundName={saved?.compound?.name ?? rules.data?.unitName ?? picked.data?.name ?? ''}
              rulesFailed={rules.isError}
              quotaOn={quotaOn}
              size={size}
              isMobile={isMobile}
            />
          )}
          {editing && checkpoint && (
            <>
              <Divider style={{ margin: '8px 0 16px' }} />
              <Form.Item
                name="archived"
                valuePropName="checked"
                label={t('checkpoints.form.archived')}
                extra={t('checkpoints.form.archivedHint')}
                style={{ marginBottom: 0 }}
              >
                <Switch data-testid="checkpoint-archived" />
              </Form.Item>
            </>
          )}
        </Form>
      </div>
    </Modal>
  );
}
