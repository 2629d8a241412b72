import { CheckOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Input, Typography, theme } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicRoom } from './selfreg.api';

/** Lists longer than this get a box to type into. */
const FILTER_FROM = 12;

const unique = <T,>(values: T[]) => [...new Set(values)];

/** Building → entrance → room as big buttons; each level is skipped when it has a single choice. */
export function RoomStep({
  rooms,
  value,
  onChange,
}: {
  rooms: PublicRoom[];
  value: string | undefined;
  onChange: (room: PublicRoom | undefined) => void;
}) {
  const { t } = useTranslation();
  const picked = rooms.find((r) => r.id === value);
  const [building, setBuilding] = useState<string | undefined>(picked?.building);
  const [entrance, setEntrance] = useState<string | null | undefined>(picked?.entrance);

  const buildings = useMemo(() => unique(rooms.map((r) => r.building)), [rooms]);
  const currentBuilding = building ?? (buildings.length === 1 ? buildings[0] : undefined);
  const inBuilding = rooms.filter((r) => r.building === currentBuilding);
  const entrances = unique(inBuilding.map((r) => r.entrance));
  const currentEntrance =
    entrance !== undefined ? entrance : entrances.length === 1 ? entrances[0] : undefined;
  const candidates =
    currentEntrance === undefined ? [] : inBuilding.filter((r) => r.entrance === currentEntrance);

  const pickBuilding = (b: string | undefined) => {
    setBuilding(b);
    setEntrance(undefined);
    onChange(undefined);
  };
  const pickEntrance = (e: string | null | undefined) => {
    setEntrance(e);
    onChange(undefined);
  };

  return (
    <div style={{ display: 'grid', gap: 16 }} data-testid="selfreg-room-step">
      {currentBuilding === undefined ? (
        <Choices
          title={t('selfreg.pickBuilding')}
          options={buildings.map((b) => ({ key: b, label: b }))}
          onPick={(k) => pickBuilding(k)}
          testId="selfreg-buildings"
        />
      ) : (
        <Chosen
          label={currentBuilding}
          onChange={buildings.length > 1 ? () => pickBuilding(undefined) : undefined}
          testId="selfreg-building"
        />
      )}
      {currentBuilding !== undefined &&
        entrances.length > 1 &&
        (currentEntrance === undefined ? (
          <Choices
            title={t('selfreg.pickEntrance')}
            options={entrances.map((e) => ({ key: e ?? '', label: e ?? t('selfreg.noEntrance') }))}
            onPick={(k) => pickEntrance(entrances.find((e) => (e ?? '') === k))}
            testId="selfreg-entrances"
          />
        ) : (
          <Chosen
            label={currentEntrance ?? t('selfreg.noEntrance')}
            onChange={() => pickEntrance(undefined)}
            testId="selfreg-entrance"
          />
        ))}
      {currentEntrance !== undefined && (
        <Choices
          title={t('selfreg.pickRoom')}
          options={candidates.map((r) => ({ key: r.id, label: r.name }))}
          selected={value}
          onPick={(k) => onChange(candidates.find((r) => r.id === k))}
          testId="selfreg-rooms"
        />
      )}
    </div>
  );
}

function Chosen({ label, onChange, testId }: { label: string; onChange?: () => void; testId: string }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  return (
    <div
      style={{
        display: 'flex',
        alignItems: 'center',
        gap: 8,
        padding: '8px 12px',
        borderRadius: token.borderRadiusLG,
        background: token.colorPrimaryBg,
      }}
      data-testid={testId}
    >
      <CheckOutlined style={{ color: token.colorPrimary }} />
      <span style={{ flex: 1, fontSize: 16, fontWeight: 600, minWidth: 0 }}>{label}</span>
      {onChange && (
        <Button type="link" onClick={onChange} style={{ paddingInline: 4 }}>
          {t('selfreg.change')}
        </Button>
      )}
    </div>
  );
}

function Choices({
  title,
  options,
  selected,
  onPick,
  testId,
}: {
  title: string;
  options: { key: string; label: string }[];
  selected?: string;
  onPick: (key: string) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const q = filter.trim().toLowerCase();
  const shown = q ? options.filter((o) => o.label.toLowerCase().includes(q)) : options;
  return (
    <section style={{ display: 'grid', gap: 8 }} data-testid={testId}>
      <Typography.Text strong style={{ fontSize: 16 }}>
        {title}
      </Typography.Text>
      {options.length > FILTER_FROM && (
        <Input
          size="large"
          allowClear
          prefix={<SearchOutlined />}
          placeholder={t('selfreg.filterPlaceholder')}
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          data-testid={`${testId}-filter`}
        />
      )}
      {shown.length === 0 ? (
        <Typography.Text type="secondary">{t('selfreg.noMatch')}</Typography.Text>
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))',
            gap: 8,
          }}
        >
          {shown.map((o) => (
            <Button
              key={o.key}
              size="large"
              type={o.key === selected ? 'primary' : 'default'}
              onClick={() => onPick(o.key)}
              style={{ height: 48, paddingInline: 8, whiteSpace: 'normal', lineHeight: 1.2 }}
              aria-pressed={o.key === selected}
            >
              {o.label}
            </Button>
          ))}
        </div>
      )}
    </section>
  );
}
