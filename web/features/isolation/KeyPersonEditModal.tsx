import { Alert, App, Form, Input, Modal, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { KEY_PERSON_SOURCES, type KeyPersonCategory, type KeyPersonDto } from '../../../domain/isolation';
import { useFormProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { usePerson } from '../registry/registry.api';
import { useUpdateKeyPerson } from './isolation.api';
import {
  CategoryDetailsFields,
  CategorySelect,
  DETAIL_FIELD_PATHS,
  type DetailsForm,
  detailsFromForm,
  detailsToForm,
  TeamSelect,
} from './KeyPersonFields';

type FormValues = {
  category: KeyPersonCategory;
  details?: DetailsForm;
  source: KeyPersonDto['source'];
  teamIds: string[];
  note?: string;
};

/**
 * Changes a key person: the team (四包一专班) most often, or the category and its details when a close
 * contact turns out a fever patient. Only what changed is sent. A new category does not move the planned
 * end: extending the order is its own step.
 */
export function KeyPersonEditModal({ keyPerson, onClose }: { keyPerson: KeyPersonDto; onClose: () => void }) {
  const me = useSession();
  const person = usePerson(keyPerson.personId);
  const { t } = useTranslation();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const [form] = Form.useForm<FormValues>();
  const update = useUpdateKeyPerson();
  const problem = useFormProblem(
    form,
    ['category', 'source', 'teamIds', 'note', 'details', ...DETAIL_FIELD_PATHS],
    t('error.network'),
  );
  const category = Form.useWatch('category', form) ?? keyPerson.category;

  const onFinish = async (v: FormValues) => {
    problem.clear();
    const details = detailsFromForm(v.category, v.details);
    const sameDetails =
      v.category === keyPerson.category &&
      JSON.stringify(details) ===
        JSON.stringify(
          detailsFromForm(keyPerson.category, detailsToForm(keyPerson.category, keyPerson.details)),
        );
    const teamIds = v.teamIds ?? [];
    const sameTeam =
      teamIds.length === keyPerson.team.length &&
      teamIds.every((id) => keyPerson.team.some((m) => m.id === id));
    const note = v.note?.trim() || null;
    const body = {
      ...(v.category !== keyPerson.category ? { category: v.category } : {}),
      ...(sameDetails ? {} : { details }),
      ...(v.source !== keyPerson.source ? { source: v.source } : {}),
      ...(sameTeam ? {} : { teamIds }),
      ...(note !== keyPerson.note ? { note } : {}),
    };
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    try {
      await update.mutateAsync({ id: keyPerson.id, body });
      void message.success(t('isolation.edit.saved'));
      onClose();
    } catch (error) {
      problem.onError(error);
    }
  };

  return (
    <Modal
      open
      title={t('isolation.edit.title', { name: keyPerson.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={update.isPending}
      okButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      destroyOnHidden
      width={isMobile ? '100%' : 640}
      style={isMobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div data-testid="key-person-edit-dialog">
        {problem.banner && (
          <Alert type="error" showIcon title={problem.banner} style={{ marginBottom: 16 }} />
        )}
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          initialValues={{
            category: keyPerson.category,
            details: detailsToForm(keyPerson.category, keyPerson.details),
            source: keyPerson.source,
            teamIds: keyPerson.team.map((m) => m.id),
            note: keyPerson.note ?? '',
          }}
          onFinish={(v) => void onFinish(v)}
        >
          <Form.Item name="teamIds" label={t('isolation.field.team')} extra={t('isolation.team.hint')}>
            <TeamSelect me={me} unitId={person.data?.roomId ?? me.unitId} known={keyPerson.team} />
          </Form.Item>
          <div style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 12 }}>
            <Form.Item name="category" label={t('isolation.field.category')}>
              <CategorySelect
                onChange={(c) =>
                  form.setFieldValue(
                    'details',
                    c === keyPerson.category ? detailsToForm(c, keyPerson.details) : {},
                  )
                }
              />
            </Form.Item>
            <Form.Item name="source" label={t('isolation.field.source')}>
              <Select
                options={KEY_PERSON_SOURCES.map((s) => ({ value: s, label: t(`isolation.source.${s}`) }))}
              />
            </Form.Item>
          </div>
          {category !== keyPerson.category && (
            <Typography.Paragraph type="secondary">{t('isolation.edit.categoryHint')}</Typography.Paragraph>
          )}
          <CategoryDetailsFields category={category} columns={isMobile ? 1 : 2} />
          <Form.Item
            name="note"
            label={t('isolation.field.note')}
            rules={[{ max: 500, message: t('common.tooLong', { max: '500' }) }]}
          >
            <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
