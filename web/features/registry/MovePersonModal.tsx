import { Alert, App, Form, Input, Modal, Radio, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonDto } from '../../../domain/registry';
import { useFormProblem } from '../../components/form-errors';
import { LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { householdLabel } from './person-display';
import { type PickedRoom, RoomPicker } from './RoomPicker';
import { useCreateHousehold, useMovePerson, useRoomHouseholds } from './registry.api';

/**
 * Moves a person to a household of another room (a room may hold several: the worker picks one). A
 * room with no household yet gets one made for it first.
 */
export function MovePersonModal({ person, onClose }: { person: PersonDto; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<{ reason: string }>();
  const [room, setRoom] = useState<PickedRoom | undefined>();
  const [chosen, setChosen] = useState<string | undefined>();
  const [roomError, setRoomError] = useState<string | null>(null);
  const households = useRoomHouseholds(room?.id);
  const createHousehold = useCreateHousehold();
  const move = useMovePerson();
  const problem = useFormProblem(form, ['reason'], t('error.network'));

  const list = households.data ?? [];
  const target = chosen && list.some((h) => h.id === chosen) ? chosen : list[0]?.id;
  const same = target === person.householdId;

  const onFinish = async ({ reason }: { reason: string }) => {
    problem.clear();
    if (!room) {
      setRoomError(t('registry.move.pickRoom'));
      return;
    }
    if (households.isPending || same) return;
    try {
      const householdId = target ?? (await createHousehold.mutateAsync({ roomId: room.id, persons: [] })).id;
      const moved = await move.mutateAsync({ id: person.id, householdId, reason: reason.trim() });
      void message.success(t('registry.move.done', { address: moved.address }));
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  let householdInfo: React.ReactNode = null;
  if (room) {
    if (households.isPending) householdInfo = <Loading minHeight={48} />;
    else if (households.isError)
      householdInfo = (
        <LoadError compact error={households.error} onRetry={() => void households.refetch()} />
      );
    else if (list.length === 0)
      householdInfo = <Alert type="info" showIcon title={t('registry.move.newHousehold')} />;
    else {
      const label = (h: (typeof list)[number]) => householdLabel(t, h);
      householdInfo =
        list.length === 1 ? (
          <Typography.Text>{label(list[0] as (typeof list)[number])}</Typography.Text>
        ) : (
          <Radio.Group
            value={target}
            onChange={(e) => setChosen(e.target.value)}
            options={list.map((h) => ({ value: h.id, label: label(h) }))}
            style={{ display: 'grid', gap: 6 }}
          />
        );
    }
  }

  return (
    <Modal
      open
      title={t('registry.move.title', { name: person.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('registry.move.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={createHousehold.isPending || move.isPending}
      okButtonProps={{ disabled: same, size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      destroyOnHidden
      width={isMobile ? '100%' : 560}
      style={isMobile ? { top: 12, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div style={{ display: 'grid', gap: 16 }} data-testid="move-dialog">
        {problem.banner && <Alert type="error" showIcon title={problem.banner} />}
        <div style={{ display: 'grid', gap: 6 }}>
          <Typography.Text strong>{t('registry.move.room')}</Typography.Text>
          <RoomPicker
            value={room?.id}
            onChange={(r) => {
              setRoom(r);
              setChosen(undefined);
              setRoomError(null);
            }}
            layout="column"
            size={isMobile ? 'large' : 'middle'}
            idPrefix="move-room"
            autoFocus
          />
          {roomError && <Typography.Text type="danger">{roomError}</Typography.Text>}
        </div>
        {room && (
          <div style={{ display: 'grid', gap: 6 }}>
            <Typography.Text strong>{t('registry.move.household')}</Typography.Text>
            <Typography.Text type="secondary">{room.address}</Typography.Text>
            {householdInfo}
            {same && <Alert type="warning" showIcon title={t('registry.move.sameHousehold')} />}
          </div>
        )}
        <Form form={form} layout="vertical" onFinish={(v) => void onFinish(v)} requiredMark={false}>
          <Form.Item
            name="reason"
            label={t('registry.move.reason')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 200, message: t('common.tooLong', { max: '200' }) },
            ]}
            style={{ marginBottom: 0 }}
          >
            <Input maxLength={200} placeholder={t('registry.move.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
