/**
 * The console: who is signed in decides between the login form and the shell; wouter (base
 * /console) picks the page. The Hosts page is loaded on demand (it brings uPlot).
 */
import { lazy, Suspense } from 'react';
import { Redirect, Route, Router, Switch, useLocation } from 'wouter';
import { AuthProvider, useAuth, useCan } from './auth.js';
import { IncidentRoutes } from './incidents/index.js';
import { Layout } from './layout.js';
import { useIncidentNotices } from './notices.js';
import { AlertsPage } from './pages/alerts.js';
import { AuditPage } from './pages/audit.js';
import { LoginPage } from './pages/login.js';
import { NotFound } from './pages/not-found.js';
import { OverviewPage } from './pages/overview.js';
import { ReportsPage } from './pages/reports.js';
import { UsersPage } from './pages/users.js';
import { Toasts } from './toasts.js';

const HostsPage = lazy(() => import('./pages/hosts.js').then((m) => ({ default: m.HostsPage })));

/** Where to go back to after signing in (the page asked for before the login form). */
const AFTER_LOGIN = 'soloops.afterLogin';

function Pages() {
  const admin = useCan('user.manage');
  const auditor = useCan('audit.read');
  useIncidentNotices();
  return (
    <Layout>
      <Suspense fallback={<p className="muted">Loading…</p>}>
        <Switch>
          <Route path="/" component={OverviewPage} />
          <Route path="/hosts" component={HostsPage} />
          <Route path="/alerts" component={AlertsPage} />
          <Route path="/reports" component={ReportsPage} />
          <Route path="/users">{admin ? <UsersPage /> : <NotFound />}</Route>
          <Route path="/audit">{auditor ? <AuditPage /> : <NotFound />}</Route>
          <Route path="/incidents/*?">
            <IncidentRoutes />
          </Route>
          <Route component={NotFound} />
        </Switch>
      </Suspense>
    </Layout>
  );
}

function Root() {
  const { state } = useAuth();
  const [location] = useLocation();
  if (state.kind === 'loading') {
    return (
      <main id="main" className="login-page" aria-busy="true">
        <p className="muted">Loading the console…</p>
      </main>
    );
  }
  if (state.kind === 'out') {
    if (location !== '/login') {
      sessionStorage.setItem(AFTER_LOGIN, location);
      return <Redirect to="/login" replace />;
    }
    return <LoginPage reason={state.reason} />;
  }
  if (location === '/login') {
    const back = sessionStorage.getItem(AFTER_LOGIN);
    sessionStorage.removeItem(AFTER_LOGIN);
    return <Redirect to={back && back !== '/login' ? back : '/'} replace />;
  }
  return <Pages />;
}

/** The whole console page. */
export function App() {
  return (
    <AuthProvider>
      <Router base="/console">
        <Root />
      </Router>
      <Toasts />
    </AuthProvider>
  );
}
