import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../../domain/common';
import en from './en';
import zhCN from './zh-CN';

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

const initial = storedLanguage();
document.documentElement.lang = initial;

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
