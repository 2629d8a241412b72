import { Card, Tag, Tooltip, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MOVEMENT_DAYS, type MovementsDto } from '../../../domain/checkpoints';
import { LoadError, Loading } from '../../components/states';
import { hasPermission, useSession } from '../auth/auth.api';
import { DirectionTag, dayOf, Temperature, timeOfDay, VerdictTag } from './checkpoint-display';
import { useMovements } from './checkpoints.api';

/** How many movements the card lists before pointing to the full log. */
const SHOWN = 30;

/** Movements grouped by local day, newest first (the API gives them newest first). */
function byDay(items: MovementsDto['items']) {
  const days = new Map<string, MovementsDto['items']>();
  for (const m of items) {
    const day = dayOf(m.at);
    days.set(day, [...(days.get(day) ?? []), m]);
  }
  return [...days];
}

/**
 * 近14天出入记录 on a person's page: every gate they passed (or were turned back at) in the last two
 * weeks, with the temperature; passages on their household's pass with no member named are marked,
 * since they may have been another member. Shown to accounts that read checkpoints.
 */
export function PersonMovements({ personId }: { personId: string }) {
  const me = useSession();
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const allowed = hasPermission(me, 'checkpoints.read');
  const movements = useMovements(personId, allowed);
  if (!allowed) return null;

  let body: ReactNode;
  if (movements.isPending) body = <Loading minHeight={80} />;
  else if (movements.isError)
    body = <LoadError compact error={movements.error} onRetry={() => void movements.refetch()} />;
  else if (movements.data.items.length === 0)
    body = (
      <Typography.Text type="secondary" data-testid="movements-empty">
        {t('checkpoints.movements.empty', { days: String(MOVEMENT_DAYS) })}
      </Typography.Text>
    );
  else {
    const items = movements.data.items.slice(0, SHOWN);
    const fevers = movements.data.items.filter((m) => m.fever).length;
    body = (
      <div style={{ display: 'grid', gap: 12 }}>
        <Typography.Text type="secondary" style={{ fontSize: 13 }}>
          {t('checkpoints.movements.summary', {
            count: movements.data.items.length,
            from: movements.data.from,
            to: movements.data.to,
          })}
          {fevers > 0 && (
            <Typography.Text type="danger" strong>
              {' '}
              {t('checkpoints.movements.fevers', { count: fevers })}
            </Typography.Text>
          )}
        </Typography.Text>
        <ol
          style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}
          data-testid="person-movements"
        >
          {byDay(items).map(([day, list]) => (
            <li key={day}>
              <div style={{ fontSize: 12, fontWeight: 600, color: token.colorTextTertiary, marginBottom: 4 }}>
                {day}
              </div>
              <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 6 }}>
                {list.map((m) => (
                  <li
                    key={m.id}
                    data-testid="movement"
                    style={{
                      borderInlineStart: `3px solid ${m.decision === 'deny' ? token.colorError : token.colorPrimaryBorder}`,
                      paddingInlineStart: 10,
                      display: 'grid',
                      gap: 2,
                    }}
                  >
                    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                      <span
                        style={{
                          fontVariantNumeric: 'tabular-nums',
                          color: token.colorTextSecondary,
                          fontSize: 13,
                        }}
                      >
                        {timeOfDay(m.at)}
                      </span>
                      <DirectionTag direction={m.direction} />
                      <span>{m.checkpointName}</span>
                      <Temperature value={m.temperature} fever={m.fever} />
                    </span>
                    <span style={{ display: 'inline-flex', gap: 6, alignItems: 'center', flexWrap: 'wrap' }}>
                      <VerdictTag decision={m.decision} reasons={m.reasons} />
                      {m.viaHousehold && (
                        <Tooltip title={t('checkpoints.movements.viaHouseholdHint')}>
                          <Tag style={{ marginInlineEnd: 0 }}>{t('checkpoints.movements.viaHousehold')}</Tag>
                        </Tooltip>
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </div>
    );
  }
  return (
    <Card
      title={t('checkpoints.movements.title', { days: String(MOVEMENT_DAYS) })}
      extra={
        <Link
          to={`/checkpoints/passages?person=${personId}${movements.data ? `&from=${movements.data.from}` : ''}`}
        >
          {t('checkpoints.movements.all')}
        </Link>
      }
      styles={{ body: { padding: 16 } }}
      data-testid="movements-card"
    >
      {body}
    </Card>
  );
}
