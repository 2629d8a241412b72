import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../domain/common';
import en from './i18n/gate.en';
import zhCN from './i18n/gate.zh-CN';

/**
 * The gate page's own i18next: only the `gate.*` strings, mounted where the main app mounts them,
 * so the same keys (and their types from web/app/i18n) work in both. The main app's dictionaries
 * hold every other module's strings and stay out of the gate's download.
 */

/** The main app's key (web/app/i18n/index.ts): a language chosen on either page holds on both. */
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

const initial = storedLanguage();
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: { gate: zhCN } }, en: { translation: { gate: en } } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
