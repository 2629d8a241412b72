import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { Button, Result, Segmented, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LoadError, Loading } from '../../components/states';
import { CARDS_CSS, RegistrationCard } from './coverage/RegistrationCard';
import { CARDS_CAP, type CardRoom, useCardRooms } from './coverage.api';
import { useOwnUnit } from './registry.api';

function pairs<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += 2) out.push(items.slice(i, i + 2));
  return out;
}

/**
 * 入户登记卡 for printing: one card per room of the scope (`?unit=`, or only the rooms not reached with
 * `&only=unreached`), two to an A4 sheet. Outside the app shell, so the paper holds only the cards.
 */
export function CardsPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const navigate = useNavigate();
  const own = useOwnUnit();
  const unitId = sp.get('unit') || own.data?.id;
  const onlyUnreached = sp.get('only') === 'unreached';
  const cards = useCardRooms(unitId, onlyUnreached);
  const scopeName = cards.data?.scope.name;

  useEffect(() => {
    if (!scopeName) return;
    const before = document.title;
    document.title = `${t('coverage.cards.pageTitle')} · ${scopeName}`;
    return () => {
      document.title = before;
    };
  }, [scopeName, t]);

  const backTo = unitId ? `/registry/coverage?unit=${unitId}` : '/registry/coverage';
  let content: ReactNode = null;
  let rooms: CardRoom[] = [];
  if (own.isError) content = <LoadError error={own.error} onRetry={() => void own.refetch()} />;
  else if (cards.isError) content = <LoadError error={cards.error} onRetry={() => void cards.refetch()} />;
  else if (!cards.data) content = <Loading minHeight={320} />;
  else if (cards.data.kind === 'tooMany')
    content = (
      <Result
        status="warning"
        title={t('coverage.cards.tooMany', { count: cards.data.count })}
        subTitle={t('coverage.cards.tooManyHint', { cap: String(CARDS_CAP) })}
        data-testid="cards-too-many"
      />
    );
  else if (cards.data.rooms.length === 0)
    content = <Result status="info" title={t('coverage.cards.none')} data-testid="cards-none" />;
  else rooms = cards.data.rooms;

  return (
    <div className="sw-cards">
      <style>{CARDS_CSS}</style>
      <header
        className="sw-no-print"
        style={{
          maxWidth: 'min(210mm, 100%)',
          margin: '0 auto 16px',
          padding: '12px 16px',
          background: '#fff',
          borderRadius: 8,
          display: 'grid',
          gap: 10,
        }}
      >
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
          <Button
            icon={<ArrowLeftOutlined />}
            aria-label={t('coverage.cards.back')}
            title={t('coverage.cards.back')}
            size="large"
            onClick={() => navigate(backTo)}
          />
          <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 160 }}>
            {t('coverage.cards.pageTitle')}
          </Typography.Title>
          <Button
            type="primary"
            size="large"
            icon={<PrinterOutlined />}
            disabled={rooms.length === 0}
            onClick={() => window.print()}
            data-testid="cards-print"
          >
            {t('coverage.cards.print')}
          </Button>
        </div>
        {scopeName && (
          <Typography.Text strong>{t('coverage.cards.scope', { scope: scopeName })}</Typography.Text>
        )}
        <Segmented
          value={onlyUnreached ? 'unreached' : 'all'}
          options={[
            { value: 'all', label: t('coverage.cards.showAll') },
            { value: 'unreached', label: t('coverage.cards.showUnreached') },
          ]}
          onChange={(v) => {
            const next = new URLSearchParams(sp);
            if (v === 'unreached') next.set('only', 'unreached');
            else next.delete('only');
            setSp(next, { replace: true });
          }}
          data-testid="cards-only"
          style={{ justifySelf: 'start' }}
        />
        {rooms.length > 0 && (
          <>
            <Typography.Text data-testid="cards-count">
              {t('coverage.cards.count', { count: rooms.length, pages: String(Math.ceil(rooms.length / 2)) })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {t('coverage.cards.printHint')}
            </Typography.Text>
          </>
        )}
        {content}
      </header>
      <main data-testid="cards-sheets">
        {pairs(rooms).map(([a, b]) => (
          <section className="sw-sheet" key={a?.id}>
            {a && <RegistrationCard room={a} />}
            {b && (
              <>
                <div className="sw-cut" aria-hidden />
                <RegistrationCard room={b} />
              </>
            )}
          </section>
        ))}
      </main>
    </div>
  );
}
