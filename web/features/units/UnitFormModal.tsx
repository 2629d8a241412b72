import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { UnitCode, type UnitDto, type UnitType, type UnitUpdate } from '../../../domain/units';
import { currentLanguage } from '../../app/i18n';
import { useFormProblem, zodRule } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { childTypesOf, unitTypeIcon } from './unit-display';
import { useCreateUnit, useUpdateUnit } from './units.api';

interface UnitForm {
  type: UnitType;
  name: string;
  code?: string;
  floor?: number | null;
  unmanaged?: boolean;
  villageToCommunity?: boolean;
}

const NO_CODE: readonly UnitType[] = ['building', 'entrance', 'household'];
const FIELDS = ['type', 'name', 'code', 'floor', 'unmanaged', 'villageToCommunity'] as const;

type Props = { onClose: () => void } & (
  | { mode: 'create'; parent: UnitDto }
  | { mode: 'edit'; unit: UnitDto }
);

/** Adds a child of an allowed type, or renames a node and edits its code and flags. */
export function UnitFormModal(props: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<UnitForm>();
  const create = useCreateUnit();
  const update = useUpdateUnit();
  const problem = useFormProblem(form, FIELDS, t('error.network'));
  const editing = props.mode === 'edit' ? props.unit : null;
  const types = props.mode === 'create' ? childTypesOf(props.parent.type) : [props.unit.type];
  const type = Form.useWatch('type', form) ?? types[0];
  // Official division codes exist down to compounds; a building or a room has none (unless one was set).
  const showCode = !!editing?.code || (type !== undefined && !NO_CODE.includes(type));

  const initial: Partial<UnitForm> = editing
    ? {
        type: editing.type,
        name: editing.name,
        code: editing.code ?? undefined,
        floor: editing.floor,
        unmanaged: editing.unmanaged,
        villageToCommunity: editing.villageToCommunity,
      }
    : { type: types[0], unmanaged: false, villageToCommunity: false };

  const onFinish = (v: UnitForm) => {
    problem.clear();
    const code = v.code?.trim() ? v.code.trim() : undefined;
    const compoundFlags =
      v.type === 'compound' ? { unmanaged: !!v.unmanaged, villageToCommunity: !!v.villageToCommunity } : {};
    if (props.mode === 'create') {
      create.mutate(
        {
          parentId: props.parent.id,
          type: v.type,
          name: v.name,
          ...(code ? { code } : {}),
          ...(v.type === 'household' && typeof v.floor === 'number' ? { floor: v.floor } : {}),
          ...compoundFlags,
        },
        {
          onSuccess: (created) => {
            void message.success(t('units.added', { name: created.name }));
            props.onClose();
          },
          onError: problem.onError,
        },
      );
      return;
    }
    const unit = props.unit;
    const body: UnitUpdate = {};
    if (v.name !== unit.name) body.name = v.name;
    if ((code ?? null) !== unit.code) body.code = code ?? null;
    if (unit.type === 'household' && (v.floor ?? null) !== unit.floor) body.floor = v.floor ?? null;
    if (unit.type === 'compound') {
      if (!!v.unmanaged !== unit.unmanaged) body.unmanaged = !!v.unmanaged;
      if (!!v.villageToCommunity !== unit.villageToCommunity)
        body.villageToCommunity = !!v.villageToCommunity;
    }
    if (Object.keys(body).length === 0) {
      props.onClose();
      return;
    }
    update.mutate(
      { id: unit.id, body },
      {
        onSuccess: () => {
          void message.success(t('units.saved'));
          props.onClose();
        },
        onError: problem.onError,
      },
    );
  };

  const title =
    props.mode === 'create'
      ? t('units.addChildTitle', { name: props.parent.name })
      : t('units.editTitle', { name: props.unit.name });

  return (
    <Modal
      open
      title={title}
      onCancel={props.onClose}
      onOk={() => form.submit()}
      okText={props.mode === 'create' ? t('common.create') : t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={isMobile ? '100%' : 520}
      style={isMobile ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
      okButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
    >
      {problem.banner && <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />}
      <Form<UnitForm>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={onFinish}
        requiredMark="optional"
        data-testid="unit-form"
      >
        {props.mode === 'create' && types.length > 1 && (
          <Form.Item
            name="type"
            label={t('units.type')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={types.map((ty) => ({
                value: ty,
                label: (
                  <span>
                    {unitTypeIcon(ty)} {t(`unitType.${ty}`)}
                  </span>
                ),
              }))}
            />
          </Form.Item>
        )}
        {(props.mode === 'edit' || types.length <= 1) && (
          <Form.Item name="type" hidden>
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('units.nameOf', { type: t(`unitType.${type ?? 'community'}`) })}
          rules={[
            { required: true, whitespace: true, message: t('common.required') },
            { max: 60, message: t('common.tooLong', { max: '60' }) },
          ]}
        >
          <Input autoFocus maxLength={60} size={isMobile ? 'large' : 'middle'} data-testid="unit-name" />
        </Form.Item>
        {showCode && (
          <Form.Item
            name="code"
            label={t('units.code')}
            extra={t('units.codeHint')}
            rules={[zodRule(UnitCode, currentLanguage(), t('common.invalid'))]}
          >
            <Input inputMode="numeric" maxLength={12} size={isMobile ? 'large' : 'middle'} />
          </Form.Item>
        )}
        {type === 'household' && (
          <Form.Item name="floor" label={t('units.floor')}>
            <InputNumber min={-5} max={200} precision={0} style={{ width: '100%' }} />
          </Form.Item>
        )}
        {type === 'compound' && (
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <Form.Item name="unmanaged" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t('units.unmanaged')}</Checkbox>
            </Form.Item>
            <Form.Item name="villageToCommunity" valuePropName="checked" style={{ marginBottom: 8 }}>
              <Checkbox>{t('units.villageToCommunity')}</Checkbox>
            </Form.Item>
          </div>
        )}
      </Form>
    </Modal>
  );
}
