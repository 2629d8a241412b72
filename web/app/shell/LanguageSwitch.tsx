import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../../domain/common';
import { changeLanguage, currentLanguage, LANGUAGES } from '../i18n';

/** Switches between 简体中文 and English; the choice is remembered on this device. */
export function LanguageSwitch({ compact, light }: { compact?: boolean; light?: boolean }) {
  const { t, i18n } = useTranslation();
  const current = currentLanguage();
  void i18n.language; // re-render on change
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((lang) => ({ key: lang, label: t(`lang.${lang}`) })),
        onClick: ({ key }) => void changeLanguage(key as Locale),
      }}
    >
      <Button
        type="text"
        icon={<GlobalOutlined />}
        aria-label={t('lang.label')}
        data-testid="language-switch"
        style={light ? { color: 'rgba(255,255,255,0.88)' } : undefined}
      >
        {compact ? null : t(`lang.${current}`)}
      </Button>
    </Dropdown>
  );
}
