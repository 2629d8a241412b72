import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { Loading } from '../components/states';
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
          <Route index element={<Navigate to="/units" replace />} />
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
