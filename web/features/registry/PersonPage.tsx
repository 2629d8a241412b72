import {
  ArrowLeftOutlined,
  DragOutlined,
  EditOutlined,
  HomeOutlined,
  SwapRightOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Tag, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { PersonDto } from '../../../domain/registry';
import { formatDateTime } from '../../components/format';
import { LoadError, Loading } from '../../components/states';
import { useIsMobile } from '../../components/use-is-mobile';
import { hasPermission, useSession } from '../auth/auth.api';
import { PersonMovements } from '../checkpoints/PersonMovements';
import { MovePersonModal } from './MovePersonModal';
import { PersonFormModal } from './PersonFormModal';
import { CareFlagTag, MaskedText, ReturneeTag, sexAge } from './person-display';
import { ageOn } from './person-format';
import { RegistryNav } from './RegistryNav';
import { type RevealableField, RevealField } from './RevealField';
import { useHousehold, usePerson, usePersonMoves } from './registry.api';

/** `/registry/persons/:personId`: everything about one person, masked until revealed. */
export function PersonPage() {
  const { personId } = useParams();
  const person = usePerson(personId);
  let body: React.ReactNode;
  if (person.isPending)
    body = (
      <Card>
        <Loading minHeight={320} />
      </Card>
    );
  else if (person.isError)
    body = (
      <Card>
        <BackLink />
        <LoadError error={person.error} onRetry={() => void person.refetch()} />
      </Card>
    );
  // Keyed by the record's version: whatever was revealed is hidden again after a change.
  else body = <PersonView key={`${person.data.id}:${person.data.updatedAt}`} person={person.data} />;
  return (
    <>
      <RegistryNav />
      {body}
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button
      type="link"
      icon={<ArrowLeftOutlined />}
      style={{ paddingInline: 0, marginBottom: 8 }}
      onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/registry'))}
    >
      {t('registry.person.back')}
    </Button>
  );
}

function PersonView({ person }: { person: PersonDto }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [dialog, setDialog] = useState<'edit' | 'move' | null>(null);
  // Full values live here and nowhere else: gone when the page is left or the record changes.
  const [revealed, setRevealed] = useState<Partial<Record<RevealableField, string | null>>>({});
  const canWrite = hasPermission(me, 'persons.write');
  const canReveal = hasPermission(me, 'persons.reveal');
  const size = isMobile ? 'large' : 'middle';

  const reveal = (field: RevealableField) => (
    <RevealField
      personId={person.id}
      personName={person.name}
      field={field}
      masked={person[field]}
      revealed={revealed[field]}
      canReveal={canReveal}
      onRevealed={(value) => setRevealed((r) => ({ ...r, [field]: value }))}
      onHide={() =>
        setRevealed((r) => {
          const { [field]: _gone, ...rest } = r;
          return rest;
        })
      }
    />
  );

  const none = <Typography.Text type="secondary">—</Typography.Text>;
  const age = person.birthDate ? ageOn(person.birthDate) : null;
  const wide = isMobile ? 1 : 2;
  const basic = [
    { key: 'name', label: t('registry.field.name'), children: person.name },
    {
      key: 'relation',
      label: t('registry.field.relation'),
      children: person.relation ? t(`registry.relation.${person.relation}`) : none,
    },
    { key: 'idType', label: t('registry.field.idType'), children: t(`registry.idType.${person.idType}`) },
    {
      key: 'sex',
      label: t('registry.field.sex'),
      children: person.sex ? t(`registry.sex.${person.sex}`) : none,
    },
    { key: 'idNumber', label: t('registry.field.idNumber'), span: wide, children: reveal('idNumber') },
    {
      key: 'birthDate',
      label: t('registry.field.birthDate'),
      children: person.birthDate ? (
        <span>
          {person.birthDate}
          {age !== null && (
            <Typography.Text type="secondary"> · {t('registry.age', { age: String(age) })}</Typography.Text>
          )}
        </span>
      ) : (
        none
      ),
    },
    {
      key: 'residenceStatus',
      label: t('registry.field.residenceStatus'),
      children: t(`registry.residenceStatus.${person.residenceStatus}`),
    },
    { key: 'phone', label: t('registry.field.phone'), span: wide, children: reveal('phone') },
    { key: 'occupation', label: t('registry.field.occupation'), children: person.occupation ?? none },
    { key: 'source', label: t('registry.field.source'), children: t(`registry.source.${person.source}`) },
    {
      key: 'careFlags',
      label: t('registry.field.careFlags'),
      span: wide,
      children:
        person.careFlags.length > 0 ? (
          <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
            {person.careFlags.map((f) => (
              <CareFlagTag key={f} flag={f} />
            ))}
          </span>
        ) : (
          none
        ),
    },
    { key: 'notes', label: t('registry.field.notes'), span: wide, children: person.notes || none },
    { key: 'createdAt', label: t('registry.field.createdAt'), children: formatDateTime(person.createdAt) },
    { key: 'updatedAt', label: t('registry.field.updatedAt'), children: formatDateTime(person.updatedAt) },
  ];
  const travel = [
    { key: 'travelFrom', label: t('registry.field.travelFrom'), children: person.travelFrom ?? none },
    { key: 'returnedOn', label: t('registry.field.returnedOn'), children: person.returnedOn ?? none },
    {
      key: 'transport',
      label: t('registry.field.transport'),
      children: person.transport ? t(`registry.transport.${person.transport}`) : none,
    },
  ];

  const header = (
    <Card styles={{ body: { padding: isMobile ? 16 : 24 } }}>
      <BackLink />
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          gap: 12,
          flexWrap: 'wrap',
          alignItems: 'flex-start',
        }}
      >
        <div style={{ minWidth: 0, display: 'grid', gap: 6 }}>
          <div style={{ display: 'flex', alignItems: 'baseline', gap: 10, flexWrap: 'wrap' }}>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="person-name">
              {person.name}
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 15 }}>
              {sexAge(t, person)}
            </Typography.Text>
            {person.relation && (
              <Tag style={{ marginInlineEnd: 0 }}>{t(`registry.relation.${person.relation}`)}</Tag>
            )}
          </div>
          <Link to={`/registry/households/${person.householdId}`} style={{ color: token.colorTextSecondary }}>
            <HomeOutlined /> {person.address}
          </Link>
          <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
            {person.careFlags.map((f) => (
              <CareFlagTag key={f} flag={f} />
            ))}
            <ReturneeTag person={person} long />
          </span>
          {hasPermission(me, 'isolation.write') && (
            <Link to={`/isolation/persons?watch=${person.id}`} data-testid="person-watch">
              {t('isolation.persons.watchPerson')}
            </Link>
          )}
        </div>
        {canWrite && (
          <div style={{ display: 'flex', gap: 8, width: isMobile ? '100%' : undefined }}>
            <Button
              type="primary"
              icon={<EditOutlined />}
              size={size}
              onClick={() => setDialog('edit')}
              style={isMobile ? { flex: 1 } : undefined}
              data-testid="person-edit"
            >
              {t('registry.person.edit')}
            </Button>
            <Button
              icon={<DragOutlined />}
              size={size}
              onClick={() => setDialog('move')}
              style={isMobile ? { flex: 1 } : undefined}
              data-testid="person-move"
            >
              {t('registry.person.move')}
            </Button>
          </div>
        )}
      </div>
    </Card>
  );

  const descriptionProps = {
    bordered: true,
    size: isMobile ? ('small' as const) : ('middle' as const),
    column: isMobile ? 1 : 2,
    styles: { label: isMobile ? { width: 96 } : { width: 160, whiteSpace: 'nowrap' as const } },
  };

  return (
    <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }} data-testid="person-page">
      {header}
      <Row gutter={[16, 16]} align="top">
        <Col xs={24} xl={16}>
          <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }}>
            <Card title={t('registry.person.basic')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
              <Descriptions {...descriptionProps} items={basic} data-testid="person-basic" />
            </Card>
            <Card title={t('registry.person.travel')} styles={{ body: { padding: isMobile ? 12 : 24 } }}>
              {person.travelFrom || person.returnedOn || person.transport ? (
                <Descriptions {...descriptionProps} items={travel} />
              ) : (
                <Typography.Text type="secondary">{t('registry.person.noTravel')}</Typography.Text>
              )}
            </Card>
          </div>
        </Col>
        <Col xs={24} xl={8}>
          <div style={{ display: 'grid', gap: isMobile ? 12 : 16 }}>
            <HouseholdCard person={person} />
            <MovesCard person={person} />
            <PersonMovements personId={person.id} />
          </div>
        </Col>
      </Row>
      {dialog === 'edit' && <PersonFormModal mode="edit" person={person} onClose={() => setDialog(null)} />}
      {dialog === 'move' && <MovePersonModal person={person} onClose={() => setDialog(null)} />}
    </div>
  );
}

function HouseholdCard({ person }: { person: PersonDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const household = useHousehold(person.householdId);
  const others = household.data?.persons.filter((p) => p.id !== person.id) ?? [];
  let body: React.ReactNode;
  if (household.isPending) body = <Loading minHeight={80} />;
  else if (household.isError)
    body = <LoadError compact error={household.error} onRetry={() => void household.refetch()} />;
  else if (others.length === 0)
    body = <Typography.Text type="secondary">{t('registry.person.noMembers')}</Typography.Text>;
  else
    body = (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 8 }}>
        {others.map((p) => (
          <li
            key={p.id}
            style={{ display: 'flex', justifyContent: 'space-between', gap: 8, flexWrap: 'wrap' }}
          >
            <span>
              <Link to={`/registry/persons/${p.id}`} style={{ fontWeight: 600 }}>
                {p.name}
              </Link>
              <Typography.Text type="secondary">
                {' '}
                {[p.relation ? t(`registry.relation.${p.relation}`) : '', sexAge(t, p)]
                  .filter(Boolean)
                  .join(' · ')}
              </Typography.Text>
            </span>
            <MaskedText value={p.phone} />
          </li>
        ))}
      </ul>
    );
  return (
    <Card
      title={t('registry.person.members')}
      extra={
        <Link to={`/registry/households/${person.householdId}`}>{t('registry.person.openHousehold')}</Link>
      }
      styles={{ body: { padding: 16 } }}
    >
      <div style={{ color: token.colorTextSecondary, marginBottom: 12, fontSize: 13 }}>
        <HomeOutlined /> {person.address}
      </div>
      {body}
    </Card>
  );
}

function MovesCard({ person }: { person: PersonDto }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const moves = usePersonMoves(person.id);
  // A household outside the caller's area is not named, and not linked (it would answer 404).
  const place = (id: string, address: string | null) =>
    address ? (
      <Link to={`/registry/households/${id}`}>{address}</Link>
    ) : (
      <Typography.Text type="secondary">{t('registry.person.outOfScope')}</Typography.Text>
    );
  let body: React.ReactNode;
  if (moves.isPending) body = <Loading minHeight={80} />;
  else if (moves.isError)
    body = <LoadError compact error={moves.error} onRetry={() => void moves.refetch()} />;
  else if (moves.data.items.length === 0)
    body = <Typography.Text type="secondary">{t('registry.person.noMoves')}</Typography.Text>;
  else
    body = (
      <ol
        style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}
        data-testid="person-moves"
      >
        {[...moves.data.items].reverse().map((m) => (
          <li
            key={`${m.movedAt}-${m.toHouseholdId}`}
            style={{ borderInlineStart: `3px solid ${token.colorPrimaryBorder}`, paddingInlineStart: 10 }}
          >
            <div style={{ fontSize: 12, color: token.colorTextTertiary }}>{formatDateTime(m.movedAt)}</div>
            <div>
              {place(m.fromHouseholdId, m.fromAddress)}{' '}
              <SwapRightOutlined style={{ color: token.colorTextTertiary }} />{' '}
              {place(m.toHouseholdId, m.toAddress)}
            </div>
            <div style={{ color: token.colorTextSecondary }}>{m.reason}</div>
          </li>
        ))}
      </ol>
    );
  return (
    <Card title={t('registry.person.moves')} styles={{ body: { padding: 16 } }}>
      {body}
    </Card>
  );
}
