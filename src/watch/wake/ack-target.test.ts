import { describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import type { AlertGroup } from '../../core/watch.js';
import { type AckRefused, findAckTarget, type AckLookup } from './ack-target.js';

const group = (id: number, state: AlertGroup['state'] = 'open') => ({ id, state }) as AlertGroup;
const alerts: Record<string, number | null> = {
  '3f9c2a1e-8b4d-4c1e-9a7f-0c5d2e6b1a90': 7,
  '12345678-0000-4000-8000-000000000000': 7,
  'a1b2c3d4-0000-4000-8000-000000000000': null,
  'deadbeef-0000-4000-8000-000000000000': 9,
};
const groups = new Map([
  [7, group(7)],
  [9, group(9, 'resolved')],
]);
// The store's own rules for ids: whole, or a unique prefix of 8+ characters (UserError otherwise).
const lookup: AckLookup = {
  getGroup: async (id) => groups.get(id) ?? null,
  getAlert: async (typed) => {
    const found = Object.keys(alerts).filter((id) => id.startsWith(typed));
    if (found.length > 0 && !alerts[typed] && typed.length < 8) throw new UserError('too short to use as a prefix');
    if (found.length > 1) throw new UserError(`the id prefix ${typed} matches several alerts`, 'more');
    return found[0] ? { alert: { id: found[0] }, groupId: alerts[found[0]]! } : null;
  },
};
const refusal = (named: string) =>
  findAckTarget(lookup, named).then(
    () => null,
    (error: AckRefused) => ({ status: error.status, message: error.message }),
  );

describe('what `ack X` acknowledges', () => {
  it('a group number (also #7), an alert id, or a unique id prefix of 8+ characters: that alert’s group', async () => {
    expect(await findAckTarget(lookup, '7')).toEqual({ group: group(7), alertId: null });
    expect(await findAckTarget(lookup, '#7')).toEqual({ group: group(7), alertId: null });
    const id = '3f9c2a1e-8b4d-4c1e-9a7f-0c5d2e6b1a90';
    expect(await findAckTarget(lookup, id)).toEqual({ group: group(7), alertId: id });
    expect(await findAckTarget(lookup, '3f9c2a1e')).toEqual({ group: group(7), alertId: id });
    // Eight digits that are no group's number are an id prefix.
    expect((await findAckTarget(lookup, '12345678')).alertId).toBe('12345678-0000-4000-8000-000000000000');
  });

  it('refuses, saying why: unknown (404), resolved, in no group, ambiguous (409), too short (400)', async () => {
    expect(await refusal('99')).toEqual({ status: 404, message: 'no alert group #99' });
    expect(await refusal('0')).toMatchObject({ status: 404 });
    expect(await refusal('ffffffff')).toEqual({ status: 404, message: 'no alert group or alert "ffffffff"' });
    expect(await refusal('9')).toEqual({ status: 409, message: expect.stringMatching(/#9 is resolved/) });
    expect(await refusal('deadbeef')).toEqual({
      status: 409,
      message: expect.stringMatching(/#9 \(the group of alert deadbeef-.*\) is resolved/),
    });
    expect(await refusal('a1b2c3d4')).toEqual({
      status: 409,
      message: expect.stringMatching(/belongs to no alert group/),
    });
    expect(await refusal('3f9c')).toMatchObject({ status: 400, message: expect.stringMatching(/too short/) });
    groups.set(1, group(1));
    alerts['1aaaaaaa-0000-4000-8000-000000000000'] = 1;
    alerts['1aaaaaaa-1111-4000-8000-000000000000'] = 1;
    expect(await refusal('1aaaaaaa')).toMatchObject({ status: 409, message: expect.stringMatching(/several/) });
  });
});
