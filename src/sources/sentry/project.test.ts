/** Sentry alerts take the project (slug, else name) as their service, wherever the payload names it. */
import { describe, expect, it } from 'vitest';
import { newParseContext } from '../index.js';
import { sentry } from './sentry.js';

const context = newParseContext(new Date('2026-11-22T03:04:05Z'));
const issueAlert = (event: Record<string, unknown>) => ({
  action: 'triggered',
  installation: { uuid: 'x' },
  data: { triggered_rule: 'errors', event: { title: 'ValidationError: email is required', level: 'error', ...event } },
});
const serviceOf = (payload: unknown) => sentry.parse(payload, context)[0]?.service;

describe('sentry: the project is the service', () => {
  it.each([
    ['the API url', { url: 'https://sentry.io/api/0/projects/acme/signup-api/events/1/' }, 'signup-api'],
    ['a project object', { project: { id: 4, slug: 'signup-api', name: 'Signup API' } }, 'signup-api'],
    ['a project object with a name only', { project: { id: 4, name: 'Signup API' } }, 'Signup API'],
    ['a project slug string', { project: 'signup-api' }, 'signup-api'],
    ['project_slug', { project: 4, project_slug: 'signup-api' }, 'signup-api'],
    ['project_name', { project: 4, project_name: 'Signup API' }, 'Signup API'],
    ['a project tag', { project: 4, tags: [['project', 'signup-api']] }, 'signup-api'],
    ['nothing but a numeric id', { project: 4 }, 'sentry'],
  ])('from %s', (_name, event, service) => {
    expect(serviceOf(issueAlert(event))).toBe(service);
  });

  it('from the issue resource and the legacy webhook', () => {
    const issue = {
      action: 'created',
      installation: { uuid: 'x' },
      data: { issue: { id: '9', title: 'TypeError', level: 'error', project: { slug: 'web', name: 'Web' } } },
    };
    expect(serviceOf(issue)).toBe('web');
    const legacy = {
      project: 'web',
      project_name: 'Web',
      project_slug: 'web-app',
      culprit: 'app.js',
      level: 'error',
      message: 'TypeError',
      event: { title: 'TypeError' },
    };
    expect(serviceOf(legacy)).toBe('web-app');
  });

  it('keeps level error ambiguous (no hint) and names the field', () => {
    expect(sentry.parse(issueAlert({ project: 'signup-api' }), context)[0]).toMatchObject({
      severityText: 'error',
      severityField: 'level',
      severityHint: null,
    });
  });
});
