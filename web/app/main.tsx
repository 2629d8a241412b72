import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { configureClient } from './api/client';
import i18n, { currentLanguage } from './i18n';

// Set before the first request, so even the initial session check asks for the chosen language.
configureClient({
  language: currentLanguage,
  fallbackMessage: (status) =>
    status === 0 ? i18n.t('error.network') : i18n.t('error.http', { status: String(status) }),
});

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from index.html');

createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
