import { Alert, App, Form, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UNIT_TYPES, type UnitDetailDto } from '../../../domain/units';
import { applyProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { UnitTreeSelect } from './UnitTreeSelect';
import { parentTypesOf } from './unit-display';
import { useUpdateUnit } from './units.api';

/** Moves a node under another parent of an allowed type, picked from the tree. */
export function MoveUnitModal({ unit, onClose }: { unit: UnitDetailDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const update = useUpdateUnit();
  const [target, setTarget] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const allowed = parentTypesOf(unit.type);
  const deepest = UNIT_TYPES.filter((ty) => allowed.includes(ty)).at(-1) ?? 'household';

  const submit = () => {
    if (!target) {
      setError(t('units.moveTarget'));
      return;
    }
    if (target === unit.parentId) {
      onClose();
      return;
    }
    setError(null);
    update.mutate(
      { id: unit.id, body: { parentId: target } },
      {
        onSuccess: () => {
          void message.success(t('units.moved'));
          onClose();
        },
        onError: (e) => setError(applyProblem(null, e, [], t('error.network'))),
      },
    );
  };

  return (
    <Modal
      open
      title={t('units.moveTitle', { name: unit.name })}
      onCancel={onClose}
      onOk={submit}
      okText={t('units.move')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !target, size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      confirmLoading={update.isPending}
      style={isMobile ? { top: 12 } : undefined}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Typography.Paragraph type="secondary">
        {t('units.moveHint', { types: allowed.map((ty) => t(`unitType.${ty}`)).join(' / ') })}
      </Typography.Paragraph>
      <Form layout="vertical">
        <Form.Item label={t('units.moveTarget')} required>
          <UnitTreeSelect
            value={target}
            onChange={(id) => setTarget(id)}
            selectableTypes={allowed}
            deepestType={deepest}
            excludeIds={[unit.id]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
