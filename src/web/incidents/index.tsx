import { Route } from 'wouter';

/**
 * Placeholder (issue 18 in progress): helper "web-incidents" replaces this folder with the
 * incident list, the new-incident form and the incident page. The shell renders it inside its
 * <Switch>, so it must render only wouter <Route>s for /incidents, /incidents/new and /incidents/:id.
 */
export function IncidentRoutes() {
  return (
    <Route path="/incidents" nest>
      <h1>Incidents</h1>
    </Route>
  );
}
