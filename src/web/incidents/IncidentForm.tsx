/**
 * The incident's fields, shared by the create form and the edit form: labelled controls with big
 * touch targets, errors tied to their field (aria-describedby), and focus reports for presence
 * and autosave. It holds no state of its own beyond the "Add a service" box: the parent owns the values.
 */
import { type FocusEvent, type KeyboardEvent, useId, useState } from 'react';
import { INCIDENT_PRIORITIES, INCIDENT_SEVERITIES } from '../../core/incident.js';
import type { FieldName, IncidentFields } from './fields.js';

/** A service the person can tick (from `GET /api/overview`). */
export interface ServiceOption {
  id: string;
  name: string;
}

export interface IncidentFormProps {
  fields: IncidentFields;
  onChange(fields: IncidentFields): void;
  errors: Partial<Record<FieldName, string>>;
  services: ServiceOption[];
  /** Focus entered a field (presence: "editing <field>"). */
  onFocusField(field: FieldName): void;
  /** Focus left a field for something outside it (presence cleared, draft saved). */
  onBlurField(field: FieldName): void;
}

const PRIORITY_HINT = 'Auto lets soloops choose: P1 for critical or 3+ services, P2 for high, else P3.';

export function IncidentForm({ fields, onChange, errors, services, onFocusField, onBlurField }: IncidentFormProps) {
  const id = useId();
  const [extra, setExtra] = useState('');
  const set = <K extends FieldName>(name: K, value: IncidentFields[K]) => onChange({ ...fields, [name]: value });

  /** Focus and blur handlers for one field (or a group: moves inside it are not a blur). */
  const track = (name: FieldName) => ({
    onFocus: () => onFocusField(name),
    onBlur: (event: FocusEvent<HTMLElement>) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) onBlurField(name);
    },
  });
  /** aria props of a field with an optional hint and error. */
  const described = (name: FieldName, hint?: boolean) => {
    const ids = [hint ? `${id}-${name}-hint` : '', errors[name] ? `${id}-${name}-error` : ''].filter(Boolean);
    return {
      id: `${id}-${name}`,
      'aria-invalid': errors[name] ? true : undefined,
      'aria-describedby': ids.length ? ids.join(' ') : undefined,
    } as const;
  };
  const error = (name: FieldName) =>
    errors[name] ? (
      <p id={`${id}-${name}-error`} className="field-error">
        {errors[name]}
      </p>
    ) : null;

  const options = [...services];
  for (const service of fields.services) {
    if (!options.some((o) => o.id === service)) options.push({ id: service, name: service });
  }
  const toggle = (service: string, on: boolean) =>
    set('services', on ? [...fields.services, service] : fields.services.filter((s) => s !== service));
  const addExtra = () => {
    const name = extra.trim();
    if (name && !fields.services.includes(name)) set('services', [...fields.services, name]);
    setExtra('');
  };
  const onExtraKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      addExtra();
    }
  };

  return (
    <div className="incident-fields">
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          {...described('title')}
          {...track('title')}
          type="text"
          required
          maxLength={200}
          autoComplete="off"
          value={fields.title}
          onChange={(e) => set('title', e.target.value)}
        />
        {error('title')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea
          {...described('description')}
          {...track('description')}
          rows={4}
          value={fields.description}
          onChange={(e) => set('description', e.target.value)}
        />
        {error('description')}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor={`${id}-severity`}>Severity</label>
          <select
            {...described('severity')}
            {...track('severity')}
            value={fields.severity}
            onChange={(e) => set('severity', e.target.value as IncidentFields['severity'])}
          >
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          {error('severity')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-priority`}>Priority</label>
          <select
            {...described('priority', true)}
            {...track('priority')}
            value={fields.priority}
            onChange={(e) => set('priority', e.target.value as IncidentFields['priority'])}
          >
            <option value="auto">Auto</option>
            {INCIDENT_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <p id={`${id}-priority-hint`} className="field-hint">
            {PRIORITY_HINT}
          </p>
          {error('priority')}
        </div>
      </div>
      <fieldset
        className="field services-field"
        aria-describedby={errors.services ? `${id}-services-error` : undefined}
        {...track('services')}
      >
        <legend>Services</legend>
        {options.length === 0 ? <p className="field-hint">No services configured yet: add one below.</p> : null}
        <div className="service-options">
          {options.map((service) => (
            <label key={service.id} className="check">
              <input
                type="checkbox"
                checked={fields.services.includes(service.id)}
                onChange={(e) => toggle(service.id, e.target.checked)}
              />
              <span>{service.name === service.id ? service.id : `${service.name} (${service.id})`}</span>
            </label>
          ))}
        </div>
        <div className="add-service">
          <label htmlFor={`${id}-extra`}>Add a service</label>
          <input
            id={`${id}-extra`}
            type="text"
            autoComplete="off"
            value={extra}
            onChange={(e) => setExtra(e.target.value)}
            onKeyDown={onExtraKey}
          />
          <button type="button" className="button-quiet" onClick={addExtra} disabled={!extra.trim()}>
            Add
          </button>
        </div>
        {error('services')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-reporter`}>Reporter</label>
        <input
          {...described('reporter')}
          {...track('reporter')}
          type="text"
          autoComplete="name"
          value={fields.reporter}
          onChange={(e) => set('reporter', e.target.value)}
        />
        {error('reporter')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-detection`}>Detection</label>
        <input
          {...described('detection', true)}
          {...track('detection')}
          type="text"
          autoComplete="off"
          value={fields.detection}
          onChange={(e) => set('detection', e.target.value)}
        />
        <p id={`${id}-detection-hint`} className="field-hint">
          What detected it: a rule, an alert's title, or your own words.
        </p>
        {error('detection')}
      </div>
    </div>
  );
}
