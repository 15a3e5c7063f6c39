/**
 * The console's incident desk: the list, the create form and the incident page, under
 * /console/incidents. The shell renders this inside its <Switch>; the routes below are relative
 * to the nested base, so links here say `/new` and `/<id>`.
 */
import { Route, Switch } from 'wouter';
import { IncidentDetail } from './IncidentDetail.js';
import { IncidentList } from './IncidentList.js';
import { NewIncident } from './NewIncident.js';

export function IncidentRoutes() {
  return (
    <Route path="/incidents" nest>
      <Switch>
        <Route path="/" component={IncidentList} />
        <Route path="/new" component={NewIncident} />
        <Route path="/:id">{(params) => <IncidentDetail key={params.id} id={decodeURIComponent(params.id)} />}</Route>
      </Switch>
    </Route>
  );
}
