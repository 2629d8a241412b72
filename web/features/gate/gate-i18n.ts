import { setupI18n } from '../../app/i18n/setup';
import en from './i18n/gate.en';
import zhCN from './i18n/gate.zh-CN';

/**
 * The gate page's own i18next: only the `gate.*` strings, mounted where the main app mounts them,
 * so the same keys (and their types from web/app/i18n) work in both. The main app's dictionaries
 * hold every other module's strings and stay out of the gate's download.
 */
export { changeLanguage, currentLanguage } from '../../app/i18n/setup';

const i18n = setupI18n({ 'zh-CN': { translation: { gate: zhCN } }, en: { translation: { gate: en } } });

export default i18n;
