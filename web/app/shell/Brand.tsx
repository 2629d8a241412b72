import { useTranslation } from 'react-i18next';

/** The shield mark and product name. */
export function Brand({
  size = 28,
  light,
  showSubtitle = true,
}: {
  size?: number;
  light?: boolean;
  showSubtitle?: boolean;
}) {
  const { t } = useTranslation();
  const color = light ? '#fff' : '#1f2937';
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
      <img src="/favicon.svg" alt="" width={size} height={size} style={{ flex: 'none', borderRadius: 6 }} />
      <span style={{ display: 'inline-flex', flexDirection: 'column', lineHeight: 1.15, minWidth: 0 }}>
        <span style={{ fontSize: size * 0.64, fontWeight: 700, color, letterSpacing: 1 }}>
          {t('app.name')}
        </span>
        {showSubtitle && (
          <span
            style={{
              fontSize: 12,
              color: light ? 'rgba(255,255,255,0.75)' : '#6b7280',
              whiteSpace: 'nowrap',
              overflow: 'hidden',
              textOverflow: 'ellipsis',
            }}
          >
            {t('app.subtitle')}
          </span>
        )}
      </span>
    </span>
  );
}
