import i18n, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../domain/common';

/**
 * i18next set up once per page with that page's dictionaries: the main app's (web/app/i18n/index.ts)
 * or the gate page's (web/features/gate/gate-i18n.ts), which ships only its own strings. Both keep the
 * chosen language under one key, so a language picked on either page holds on both.
 */
export const LANGUAGES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'shouwang.lang';

function storedLanguage(): Locale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    // storage can be blocked (private mode): Chinese is the default
  }
  return 'zh-CN';
}

export function currentLanguage(): Locale {
  return i18n.language === 'en' ? 'en' : 'zh-CN';
}

export async function changeLanguage(lang: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, still switched
  }
  document.documentElement.lang = lang;
  await i18n.changeLanguage(lang);
}

/** Starts i18next in the stored language (Chinese by default) with these dictionaries. */
export function setupI18n(resources: Record<Locale, Resource[string]>) {
  const initial = storedLanguage();
  document.documentElement.lang = initial;
  void i18n.use(initReactI18next).init({
    resources: { 'zh-CN': resources['zh-CN'], en: resources.en },
    lng: initial,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  return i18n;
}
