import en from './en';
import { setupI18n } from './setup';
import zhCN from './zh-CN';

export { changeLanguage, currentLanguage, LANGUAGES } from './setup';

const i18n = setupI18n({ 'zh-CN': { translation: zhCN }, en: { translation: en } });

export default i18n;
