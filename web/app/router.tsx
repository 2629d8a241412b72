import { lazy, Suspense, useEffect } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../components/states';
import { hasPermission, useSession } from '../features/auth/auth.api';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage';
import { LoginPage } from '../features/auth/LoginPage';
import { RequireAuth, RequirePermission, SessionWatcher } from './session';
import { AppLayout } from './shell/AppLayout';
import { NotFound } from './shell/ErrorPages';

const UnitsPage = lazy(() => import('../features/units/UnitsPage').then((m) => ({ default: m.UnitsPage })));
const UsersPage = lazy(() => import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/audit/AuditPage').then((m) => ({ default: m.AuditPage })));
const PersonSearchPage = lazy(() =>
  import('../features/registry/PersonSearchPage').then((m) => ({ default: m.PersonSearchPage })),
);
const EntryPage = lazy(() =>
  import('../features/registry/EntryPage').then((m) => ({ default: m.EntryPage })),
);
const PersonPage = lazy(() =>
  import('../features/registry/PersonPage').then((m) => ({ default: m.PersonPage })),
);
const HouseholdPage = lazy(() =>
  import('../features/registry/HouseholdPage').then((m) => ({ default: m.HouseholdPage })),
);
const RegistrationsPage = lazy(() =>
  import('../features/registry/RegistrationsPage').then((m) => ({ default: m.RegistrationsPage })),
);
const PosterPage = lazy(() =>
  import('../features/registry/PosterPage').then((m) => ({ default: m.PosterPage })),
);
const ImportPage = lazy(() =>
  import('../features/registry/ImportPage').then((m) => ({ default: m.ImportPage })),
);
const CoveragePage = lazy(() =>
  import('../features/registry/CoveragePage').then((m) => ({ default: m.CoveragePage })),
);
const CardsPage = lazy(() =>
  import('../features/registry/CardsPage').then((m) => ({ default: m.CardsPage })),
);
const SelfRegisterPage = lazy(() =>
  import('../features/selfreg/SelfRegisterPage').then((m) => ({ default: m.SelfRegisterPage })),
);
const WorklistPage = lazy(() =>
  import('../features/isolation/WorklistPage').then((m) => ({ default: m.WorklistPage })),
);
const KeyPersonsPage = lazy(() =>
  import('../features/isolation/KeyPersonsPage').then((m) => ({ default: m.KeyPersonsPage })),
);
const IsolationPage = lazy(() =>
  import('../features/isolation/IsolationPage').then((m) => ({ default: m.IsolationPage })),
);
const AlertsPage = lazy(() =>
  import('../features/isolation/AlertsPage').then((m) => ({ default: m.AlertsPage })),
);
const FloorPlanPage = lazy(() =>
  import('../features/isolation/FloorPlanPage').then((m) => ({ default: m.FloorPlanPage })),
);
const SitesPage = lazy(() =>
  import('../features/isolation/SitesPage').then((m) => ({ default: m.SitesPage })),
);
const MasterTablePage = lazy(() =>
  import('../features/isolation/MasterTablePage').then((m) => ({ default: m.MasterTablePage })),
);
const SelfReportPage = lazy(() =>
  import('../features/isolation/SelfReportPage').then((m) => ({ default: m.SelfReportPage })),
);
const CheckpointsHome = lazy(() =>
  import('../features/checkpoints/CheckpointsPage').then((m) => ({ default: m.CheckpointsHome })),
);
const PassesPage = lazy(() =>
  import('../features/checkpoints/PassesPage').then((m) => ({ default: m.PassesPage })),
);
const PassagesPage = lazy(() =>
  import('../features/checkpoints/PassagesPage').then((m) => ({ default: m.PassagesPage })),
);
const PassPrintPage = lazy(() =>
  import('../features/checkpoints/PassPrintPage').then((m) => ({ default: m.PassPrintPage })),
);
const PublicPassPage = lazy(() =>
  import('../features/checkpoints/PublicPassPage').then((m) => ({ default: m.PublicPassPage })),
);
const DashboardPage = lazy(() =>
  import('../features/reports/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const DailyReportPage = lazy(() =>
  import('../features/reports/DailyReportPage').then((m) => ({ default: m.DailyReportPage })),
);
const RollupPage = lazy(() =>
  import('../features/reports/RollupPage').then((m) => ({ default: m.RollupPage })),
);
const RollupPrintPage = lazy(() =>
  import('../features/reports/RollupPrintPage').then((m) => ({ default: m.RollupPrintPage })),
);

/**
 * The gate page is a page of its own (web/gate.html, served at /gate), not a route of this app:
 * reaching it is a full page load.
 */
function GoToGate() {
  useEffect(() => {
    // The server answers /gate with the gate's own page; if this app is what came back (the Vite dev
    // server, or a build without gate.html), ask for the file itself rather than reload forever.
    window.location.replace(window.location.pathname.startsWith('/gate') ? '/gate.html' : '/gate');
  }, []);
  return <Loading minHeight={320} />;
}

/** Where "/" leads: guards, volunteers and property staff, whose only work is the gate, to the gate. */
function Home() {
  const me = useSession();
  const gateOnly = hasPermission(me, 'passages.write') && !hasPermission(me, 'persons.read');
  return gateOnly ? <GoToGate /> : <Navigate to="/units" replace />;
}

function Page({ children }: { children: React.ReactNode }) {
  return <Suspense fallback={<Loading minHeight={320} />}>{children}</Suspense>;
}

/** Modules that do not exist yet have no route and no menu entry. */
export function AppRoutes() {
  return (
    <>
      <SessionWatcher />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        {/* Public: a resident who scanned a compound's QR code; no account. */}
        <Route
          path="/r/:token"
          element={
            <Page>
              <SelfRegisterPage />
            </Page>
          }
        />
        {/* Public: a resident in home isolation reporting a temperature on a secret link; no account. */}
        <Route
          path="/q/:token"
          element={
            <Page>
              <SelfReportPage />
            </Page>
          }
        />
        <Route
          path="/print/master-table"
          element={
            <RequireAuth>
              <RequirePermission permission="isolation.read">
                <Page>
                  <MasterTablePage />
                </Page>
              </RequirePermission>
            </RequireAuth>
          }
        />
        {/* Print pages: signed in, outside the app shell so the sheet holds only what is printed. */}
        <Route
          path="/print/poster/:compoundId"
          element={
            <RequireAuth>
              <RequirePermission permission="persons.write">
                <Page>
                  <PosterPage />
                </Page>
              </RequirePermission>
            </RequireAuth>
          }
        />
        <Route
          path="/print/cards"
          element={
            <RequireAuth>
              <RequirePermission permission="persons.read">
                <Page>
                  <CardsPage />
                </Page>
              </RequirePermission>
            </RequireAuth>
          }
        />
        <Route
          path="/print/rollup"
          element={
            <RequireAuth>
              <RequirePermission permission="reports.read">
                <Page>
                  <RollupPrintPage />
                </Page>
              </RequirePermission>
            </RequireAuth>
          }
        />
        {/* The gate page (web/gate.html): a link here, e.g. back from signing in, loads that page. */}
        <Route path="/gate/*" element={<GoToGate />} />
        <Route
          path="/print/passes"
          element={
            <RequireAuth>
              <RequirePermission permission="passes.issue">
                <Page>
                  <PassPrintPage />
                </Page>
              </RequirePermission>
            </RequireAuth>
          }
        />
        {/* Public: a resident's electronic pass on a secret link; no account. */}
        <Route
          path="/pass/:secret"
          element={
            <Page>
              <PublicPassPage />
            </Page>
          }
        />
        <Route
          path="/change-password"
          element={
            <RequireAuth>
              <ChangePasswordPage />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          <Route
            path="units/:unitId?"
            element={
              <Page>
                <UnitsPage />
              </Page>
            }
          />
          <Route
            path="registry"
            element={
              <RequirePermission permission="persons.read">
                <Page>
                  <PersonSearchPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="registry/entry"
            element={
              <RequirePermission permission="persons.write">
                <Page>
                  <EntryPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="registry/persons/:personId"
            element={
              <RequirePermission permission="persons.read">
                <Page>
                  <PersonPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="registry/households/:householdId"
            element={
              <RequirePermission permission="persons.read">
                <Page>
                  <HouseholdPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="registry/registrations"
            element={
              <RequirePermission permission="persons.write">
                <Page>
                  <RegistrationsPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="registry/import"
            element={
              <RequirePermission permission="persons.write">
                <Page>
                  <ImportPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="registry/coverage"
            element={
              <RequirePermission permission="persons.read">
                <Page>
                  <CoveragePage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="isolation"
            element={
              <RequirePermission permission="isolation.read">
                <Page>
                  <WorklistPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="isolation/persons"
            element={
              <RequirePermission permission="isolation.read">
                <Page>
                  <KeyPersonsPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="isolation/orders/:isolationId"
            element={
              <RequirePermission permission="isolation.read">
                <Page>
                  <IsolationPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="isolation/alerts"
            element={
              <RequirePermission permission="alerts.read">
                <Page>
                  <AlertsPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="isolation/plan"
            element={
              <RequirePermission permission="isolation.read">
                <Page>
                  <FloorPlanPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="isolation/sites"
            element={
              <RequirePermission permission="isolation.read">
                <Page>
                  <SitesPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="dashboard"
            element={
              <RequirePermission permission="reports.read">
                <Page>
                  <DashboardPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="reports"
            element={
              <RequirePermission permission="reports.read">
                <Page>
                  <DailyReportPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="reports/rollup"
            element={
              <RequirePermission permission="reports.read">
                <Page>
                  <RollupPage />
                </Page>
              </RequirePermission>
            }
          />
          {/* Checkpoint module for office staff; CheckpointsHome sends pass issuers to the passes. */}
          <Route
            path="checkpoints"
            element={
              <Page>
                <CheckpointsHome />
              </Page>
            }
          />
          <Route
            path="checkpoints/passes"
            element={
              <RequirePermission permission="passes.issue">
                <Page>
                  <PassesPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="checkpoints/passages"
            element={
              <RequirePermission permission="checkpoints.read">
                <Page>
                  <PassagesPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="users"
            element={
              <RequirePermission permission="users.manage">
                <Page>
                  <UsersPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route
            path="audit"
            element={
              <RequirePermission permission="audit.read">
                <Page>
                  <AuditPage />
                </Page>
              </RequirePermission>
            }
          />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </>
  );
}
