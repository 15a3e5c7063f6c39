/**
 * What the create form starts with when opened from an alert or a group (`?alert=`, `?group=`,
 * `?service=`): the affected service and what detected it.
 */
import type { AlertRowJson, OverviewJson } from '../../core/console.js';
import { get } from '../api.js';
import type { ServiceOption } from './IncidentForm.js';

export interface Prefill {
  services: string[];
  detection: string;
  /** The services the person can tick. */
  options: ServiceOption[];
}

/** Reads the overview (and the recent alerts when `?alert=` is given); missing pieces just stay empty. */
export async function loadPrefill(search: string): Promise<Prefill> {
  const query = new URLSearchParams(search);
  const overview = await get<OverviewJson>('/api/overview').catch(() => null);
  const options = (overview?.services ?? []).map((s) => ({ id: s.id, name: s.name }));
  const services = new Set<string>();
  let detection = '';
  const service = query.get('service');
  if (service) services.add(service);
  const groupId = query.get('group');
  if (groupId) {
    const group = overview?.openGroups.find((g) => String(g.id) === groupId);
    if (group) {
      services.add(group.service);
      detection = group.title;
    }
  }
  const alertId = query.get('alert');
  if (alertId) {
    const alerts = await get<{ alerts: AlertRowJson[] }>('/api/alerts?limit=50').catch(() => null);
    const alert = alerts?.alerts.find((a) => a.id === alertId);
    if (alert) {
      if (alert.service) services.add(alert.service);
      detection ||= alert.title;
    }
  }
  return { services: [...services], detection, options };
}
