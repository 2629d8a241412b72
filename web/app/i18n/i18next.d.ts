import 'i18next';
import type { Messages } from './zh-CN';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // Keys are checked; values are typed as plain strings (not the literal texts), which keeps
    // i18next's key types shallow enough for tsc as the dictionaries grow.
    resources: { translation: Messages };
  }
}
