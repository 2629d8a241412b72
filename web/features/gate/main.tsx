/**
 * The gate page's own entry (web/gate.html): React, the gate's strings and the gate — none of the
 * main app's router, component library or other modules, so a guard's phone at a gate downloads a
 * fraction of the main app. e2e/gate-size.test.ts holds it to its budget.
 */
import './gate.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureClient } from '../../app/api/client';
import { GatePage } from './GatePage';
import i18n, { currentLanguage } from './gate-i18n';
import { CHANGE_PASSWORD_PAGE, leaveGate, loginPage } from './gate-session';

// Set before the first request, so even the session check asks for the chosen language.
configureClient({
  language: currentLanguage,
  fallbackMessage: (status) =>
    status === 0 ? i18n.t('gate.networkError') : i18n.t('gate.httpError', { status: String(status) }),
  // The session ended while the page was open: entries stay on the device and are sent once the
  // same account has signed in again.
  onUnauthorized: () => leaveGate(loginPage('expired'), true),
  onPasswordChangeRequired: () => leaveGate(CHANGE_PASSWORD_PAGE, true),
});

const container = document.getElementById('root');
if (!container) throw new Error('#root is missing from gate.html');

createRoot(container).render(
  <StrictMode>
    <GatePage />
  </StrictMode>,
);
