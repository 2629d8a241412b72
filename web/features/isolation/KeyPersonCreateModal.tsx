import { SearchOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  ConfigProvider,
  DatePicker,
  Divider,
  Form,
  Input,
  Modal,
  Radio,
  Segmented,
  Select,
  Switch,
  Typography,
  theme,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  type CategoryDetails,
  ISOLATION_RULES,
  KEY_PERSON_SOURCES,
  type KeyPersonCategory,
  type KeyPersonCreate,
  type KeyPersonDto,
  plannedEnd,
} from '../../../domain/isolation';
import type { PersonDto } from '../../../domain/registry';
import { ApiError } from '../../app/api/client';
import { applyProblem } from '../../components/form-errors';
import { useIsMobile } from '../../components/use-is-mobile';
import { useSession } from '../auth/auth.api';
import { MaskedText, sexAge } from '../registry/person-display';
import { type PickedRoom, RoomPicker } from '../registry/RoomPicker';
import { usePerson } from '../registry/registry.api';
import { localToday, SitePlacementFields } from './IsolationActions';
import { fetchKeyPerson, useCreateIsolation, useCreateKeyPerson, usePersonLookup } from './isolation.api';
import {
  CategoryDetailsFields,
  CategorySelect,
  DETAIL_FIELD_PATHS,
  type DetailsForm,
  detailsFromForm,
  TeamSelect,
} from './KeyPersonFields';

type FormValues = {
  personId?: string;
  newPerson?: { name: string; idNumber?: string; phone?: string; roomId?: string };
  category: KeyPersonCategory;
  details?: DetailsForm;
  source: KeyPersonCreate['source'];
  teamIds: string[];
  note?: string;
  kind: 'home' | 'site';
  siteId?: string;
  siteRoomId?: string;
  bed?: string;
  startOn: Dayjs;
  plannedEndOn?: Dayjs;
  doorSealed: boolean;
};

const KEY_PERSON_FIELDS = [
  'personId',
  'newPerson.name',
  'newPerson.idNumber',
  'newPerson.phone',
  'newPerson.roomId',
  'category',
  'source',
  'teamIds',
  'note',
  ...DETAIL_FIELD_PATHS,
];
const ISOLATION_FIELDS = ['kind', 'siteId', 'siteRoomId', 'bed', 'startOn', 'plannedEndOn', 'doorSealed'];

/** The category's start date as typed, if complete: what the planned end is counted from. */
function plannedEndFor(
  category: KeyPersonCategory | undefined,
  details: DetailsForm | undefined,
  startOn: Dayjs | undefined,
) {
  if (!category || !startOn) return undefined;
  const d = detailsFromForm(category, details);
  const from = ISOLATION_RULES[category].from as string;
  if (!d[from]) return undefined;
  return plannedEnd(category, d as unknown as CategoryDetails[typeof category], startOn.format('YYYY-MM-DD'));
}

/**
 * 登记重点人员: a person of the registry put under watch with a category and its details, a source and
 * a team, and (by default) an isolation order started at once, at home or at a site, showing the planned
 * end the rules give before saving. Two requests: if the order fails (a full room), the key person stays
 * registered and only the order is tried again.
 */
export function KeyPersonCreateModal({ personId, onClose }: { personId?: string; onClose: () => void }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message } = App.useApp();
  const isMobile = useIsMobile();
  const navigate = useNavigate();
  const [form] = Form.useForm<FormValues>();
  const createKeyPerson = useCreateKeyPerson();
  const createIsolation = useCreateIsolation();
  const preset = usePerson(personId);
  const [picked, setPicked] = useState<PersonDto | undefined>();
  // A resident of the registry, or one registered here on the spot (not in the registry yet).
  const [mode, setMode] = useState<'registry' | 'new'>('registry');
  const [room, setRoom] = useState<PickedRoom | undefined>();
  const [q, setQ] = useState('');
  const lookup = usePersonLookup(q);
  const [created, setCreated] = useState<KeyPersonDto | null>(null);
  const [banner, setBanner] = useState<string | null>(null);
  const [existing, setExisting] = useState<string | null>(null);

  const person = personId ? preset.data : picked;
  const category = Form.useWatch('category', form);
  const details = Form.useWatch('details', form);
  const startOn = Form.useWatch('startOn', form);
  const kind = Form.useWatch('kind', form) ?? 'home';
  const computedEnd = plannedEndFor(category, details, startOn);
  const today = localToday();

  /** A returnee's origin, arrival and transport come from the registry when it has them. */
  const prefill = (p: PersonDto | undefined, c: KeyPersonCategory | undefined) => {
    if (!p || (c !== 'risk_area_returnee' && c !== 'overseas_arrival')) return;
    const current = form.getFieldValue('details') as DetailsForm | undefined;
    form.setFieldValue('details', {
      ...current,
      ...(p.travelFrom && !current?.origin ? { origin: p.travelFrom } : {}),
      ...(p.returnedOn && !current?.arrivedOn ? { arrivedOn: dayjs(p.returnedOn) } : {}),
      ...(c === 'risk_area_returnee' && p.transport && !current?.transport ? { transport: p.transport } : {}),
    });
  };

  const personOptions = useMemo(
    () =>
      (lookup.data?.items ?? []).map((p) => ({
        value: p.id,
        label: p.name,
        person: p,
      })),
    [lookup.data],
  );

  const submit = async (v: FormValues) => {
    setBanner(null);
    setExisting(null);
    let kp = created;
    if (!kp) {
      const fresh = !personId && mode === 'new';
      if (!fresh && !person) {
        form.setFields([{ name: 'personId', errors: [t('isolation.create.pickPerson')] }]);
        return;
      }
      if (fresh && !room) {
        form.setFields([{ name: ['newPerson', 'roomId'], errors: [t('isolation.create.pickRoom')] }]);
        return;
      }
      const who =
        fresh && room
          ? {
              newPerson: {
                roomId: room.id,
                name: v.newPerson?.name.trim() ?? '',
                ...(v.newPerson?.idNumber?.trim() ? { idNumber: v.newPerson.idNumber.trim() } : {}),
                ...(v.newPerson?.phone?.trim() ? { phone: v.newPerson.phone.trim() } : {}),
              },
            }
          : { personId: person?.id };
      try {
        kp = await createKeyPerson.mutateAsync({
          ...who,
          category: v.category,
          details: detailsFromForm(v.category, v.details),
          source: v.source,
          teamIds: v.teamIds ?? [],
          ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        } as KeyPersonCreate);
        setCreated(kp);
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && error.problem?.existingId)
          setExisting(error.problem.existingId);
        setBanner(applyProblem(form, error, KEY_PERSON_FIELDS, t('error.network')));
        return;
      }
    }
    const start = v.startOn.format('YYYY-MM-DD');
    const end = v.plannedEndOn?.format('YYYY-MM-DD');
    try {
      const order = await createIsolation.mutateAsync({
        keyPersonId: kp.id,
        kind: v.kind,
        ...(v.kind === 'site'
          ? { siteId: v.siteId, siteRoomId: v.siteRoomId, ...(v.bed?.trim() ? { bed: v.bed.trim() } : {}) }
          : {}),
        startOn: start,
        ...(end && end !== plannedEndFor(v.category, v.details, v.startOn) ? { plannedEndOn: end } : {}),
        doorSealed: v.kind === 'home' && !!v.doorSealed,
      });
      void message.success(t('isolation.create.done', { name: kp.name, date: order.plannedEndOn }));
      onClose();
      navigate(`/isolation/orders/${order.id}`);
    } catch (error) {
      const rest = applyProblem(form, error, ISOLATION_FIELDS, t('error.network'));
      setBanner(
        rest
          ? t('isolation.create.orderFailed', { name: kp.name, reason: rest })
          : t('isolation.create.orderFailedFields', { name: kp.name }),
      );
    }
  };

  const openExisting = async () => {
    if (!existing) return;
    try {
      const kp = await fetchKeyPerson(existing);
      onClose();
      navigate(kp.isolationId ? `/isolation/orders/${kp.isolationId}` : '/isolation/persons');
    } catch {
      setExisting(null);
    }
  };

  const personCard = person && (
    <div
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        padding: '8px 12px',
        display: 'grid',
        gap: 2,
        background: token.colorFillQuaternary,
      }}
      data-testid="key-person-picked"
    >
      <span>
        <strong style={{ fontSize: 16 }}>{person.name}</strong>{' '}
        <Typography.Text type="secondary">{sexAge(t, person)}</Typography.Text>
      </span>
      <Typography.Text type="secondary">{person.address}</Typography.Text>
      <span style={{ display: 'flex', gap: 12, fontSize: 13 }}>
        {person.idNumber && <MaskedText value={person.idNumber} />}
        {person.phone && <MaskedText value={person.phone} />}
      </span>
    </div>
  );

  const locked = !!created;
  const pending = createKeyPerson.isPending || createIsolation.isPending;
  return (
    <Modal
      open
      title={t('isolation.create.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={created ? t('isolation.create.retryOrder') : t('isolation.create.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      okButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      cancelButtonProps={{ size: isMobile ? 'large' : 'middle' }}
      destroyOnHidden
      width={isMobile ? '100%' : 720}
      style={isMobile ? { top: 8, maxWidth: 'calc(100vw - 16px)' } : undefined}
    >
      <div data-testid="key-person-dialog">
        {banner && (
          <Alert
            type="error"
            showIcon
            title={banner}
            style={{ marginBottom: 16 }}
            action={
              existing ? (
                <Button size="small" onClick={() => void openExisting()}>
                  {t('isolation.create.openExisting')}
                </Button>
              ) : undefined
            }
            data-testid="key-person-error"
          />
        )}
        <Form<FormValues>
          form={form}
          layout="vertical"
          requiredMark={false}
          disabled={pending}
          initialValues={{
            source: 'screening',
            teamIds: [me.id],
            kind: 'home',
            startOn: dayjs(),
            doorSealed: false,
          }}
          onFinish={(v) => void submit(v)}
        >
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('isolation.create.who')}
          </Typography.Title>
          {personId ? (
            preset.isError ? (
              <Alert type="error" showIcon title={t('isolation.create.personMissing')} />
            ) : (
              personCard || <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>
            )
          ) : (
            <>
              <Segmented<'registry' | 'new'>
                value={mode}
                onChange={(m) => {
                  setMode(m);
                  form.setFields([{ name: 'personId', errors: [] }]);
                }}
                disabled={locked}
                options={[
                  { value: 'registry', label: t('isolation.create.fromRegistry') },
                  { value: 'new', label: t('isolation.create.newPerson') },
                ]}
                style={{ marginBottom: 12 }}
                data-testid="key-person-mode"
              />
              {mode === 'new' && (
                <ConfigProvider componentDisabled={locked || pending}>
                  <NewPersonFields room={room} onRoom={setRoom} />
                </ConfigProvider>
              )}
              <Form.Item
                hidden={mode === 'new'}
                name="personId"
                label={t('isolation.create.person')}
                extra={t('isolation.create.personHint')}
              >
                <Select
                  showSearch={{ filterOption: false, onSearch: setQ }}
                  disabled={locked}
                  suffixIcon={<SearchOutlined />}
                  placeholder={t('isolation.create.personPlaceholder')}
                  loading={lookup.isFetching}
                  notFoundContent={
                    q.trim() ? t('isolation.create.personNone') : t('isolation.create.personType')
                  }
                  options={personOptions}
                  optionRender={(o) => {
                    const p = (o.data as { person: PersonDto }).person;
                    return (
                      <div style={{ display: 'grid', lineHeight: 1.35 }}>
                        <span>
                          <strong>{p.name}</strong>{' '}
                          <Typography.Text type="secondary">{sexAge(t, p)}</Typography.Text>
                        </span>
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {p.address}
                        </Typography.Text>
                      </div>
                    );
                  }}
                  onChange={(id: string) => {
                    const p = lookup.data?.items.find((x) => x.id === id);
                    setPicked(p);
                    prefill(p, form.getFieldValue('category'));
                  }}
                  data-testid="key-person-person"
                />
              </Form.Item>
              {mode === 'registry' && personCard}
            </>
          )}

          <Divider style={{ margin: '16px 0' }} />
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('isolation.create.why')}
          </Typography.Title>
          {/* Once the key person is registered only the order can still change (and be retried). */}
          <ConfigProvider componentDisabled={locked || pending}>
            <div
              style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 12 }}
            >
              <Form.Item
                name="category"
                label={t('isolation.field.category')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <CategorySelect
                  onChange={(c) => {
                    form.setFieldValue('details', {});
                    prefill(person, c);
                  }}
                />
              </Form.Item>
              <Form.Item
                name="source"
                label={t('isolation.field.source')}
                rules={[{ required: true, message: t('common.required') }]}
              >
                <Select
                  options={KEY_PERSON_SOURCES.map((s) => ({ value: s, label: t(`isolation.source.${s}`) }))}
                  data-testid="key-person-source"
                />
              </Form.Item>
            </div>
            {category && <CategoryDetailsFields category={category} columns={isMobile ? 1 : 2} />}
            <Form.Item name="teamIds" label={t('isolation.field.team')} extra={t('isolation.team.hint')}>
              <TeamSelect me={me} unitId={person?.roomId ?? room?.id ?? me.unitId} />
            </Form.Item>
            <Form.Item
              name="note"
              label={t('isolation.field.note')}
              rules={[{ max: 500, message: t('common.tooLong', { max: '500' }) }]}
            >
              <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
            </Form.Item>
          </ConfigProvider>

          <Divider style={{ margin: '16px 0' }} />
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t('isolation.create.isolation')}
          </Typography.Title>
          <div style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr', columnGap: 12 }}>
            <Form.Item name="kind" label={t('isolation.field.kind')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'home', label: t('isolation.kind.home') },
                  { value: 'site', label: t('isolation.kind.site') },
                ]}
                data-testid="key-person-kind"
              />
            </Form.Item>
            <Form.Item
              name="startOn"
              label={t('isolation.field.startOn')}
              rules={[{ required: true, message: t('common.required') }]}
            >
              <DatePicker
                allowClear={false}
                style={{ width: '100%' }}
                disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              />
            </Form.Item>
          </div>
          {kind === 'site' ? (
            <SitePlacementFields form={form} />
          ) : (
            <Form.Item name="doorSealed" label={t('isolation.field.doorSealed')} valuePropName="checked">
              <Switch />
            </Form.Item>
          )}
          <Alert
            type={computedEnd ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 12 }}
            data-testid="key-person-planned-end"
            title={
              computedEnd && category
                ? t('isolation.create.plannedEnd', {
                    date: computedEnd,
                    days: String(ISOLATION_RULES[category].days),
                    from: t(
                      `isolation.details.${ISOLATION_RULES[category].from as string}` as 'isolation.details.origin',
                    ),
                  })
                : t('isolation.create.plannedEndUnknown')
            }
          />
          <Form.Item
            name="plannedEndOn"
            label={t('isolation.create.plannedEndOverride')}
            extra={t('isolation.create.plannedEndOverrideHint')}
          >
            <DatePicker
              style={{ width: isMobile ? '100%' : 220 }}
              placeholder={computedEnd ?? t('common.select')}
              disabledDate={(d) => !!startOn && d.isBefore(startOn, 'day')}
            />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}

/** A person not in the registry yet: the room, the name, and the ID number and mobile if known. */
function NewPersonFields({
  room,
  onRoom,
}: {
  room?: PickedRoom;
  onRoom: (r: PickedRoom | undefined) => void;
}) {
  const { t } = useTranslation();
  const isMobile = useIsMobile();
  return (
    <>
      <Form.Item
        name={['newPerson', 'roomId']}
        label={t('isolation.create.room')}
        extra={room?.address ?? t('isolation.create.roomHint')}
      >
        <RoomField onRoom={onRoom} />
      </Form.Item>
      <div style={{ display: 'grid', gridTemplateColumns: isMobile ? '1fr' : '1fr 1fr 1fr', columnGap: 12 }}>
        <Form.Item
          name={['newPerson', 'name']}
          label={t('registry.field.name')}
          rules={[
            { required: true, whitespace: true, message: t('registry.entryPage.nameRequired') },
            { max: 50, message: t('common.tooLong', { max: '50' }) },
          ]}
        >
          <Input maxLength={50} autoComplete="off" />
        </Form.Item>
        <Form.Item name={['newPerson', 'idNumber']} label={t('registry.field.idNumber')}>
          <Input maxLength={30} autoComplete="off" />
        </Form.Item>
        <Form.Item name={['newPerson', 'phone']} label={t('registry.field.phone')}>
          <Input maxLength={30} autoComplete="off" inputMode="tel" />
        </Form.Item>
      </div>
    </>
  );
}

/** The room picker as a form control: the form keeps the room's id, the modal its address. */
function RoomField({
  value,
  onChange,
  onRoom,
}: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  onRoom: (r: PickedRoom | undefined) => void;
}) {
  const isMobile = useIsMobile();
  return (
    <RoomPicker
      value={value}
      onChange={(r) => {
        onChange?.(r?.id);
        onRoom(r);
      }}
      layout={isMobile ? 'column' : 'row'}
      size={isMobile ? 'large' : 'middle'}
      idPrefix="watch-room"
    />
  );
}
