import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Permission, ROLES } from './console.js';

const readme = fs.readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'),
  'utf8',
);

/** The README's table under "Roles and permissions": permission → the roles ticked. */
function readmeMatrix(): Record<string, string[]> {
  const start = readme.indexOf('#### Roles and permissions');
  const section = readme.slice(start, readme.indexOf('\n####', start + 1));
  const rows = section.split('\n').filter((line) => /^\| `[a-z.]+` \|/.test(line));
  return Object.fromEntries(
    rows.map((row) => {
      const cells = row.split('|').map((cell) => cell.trim());
      const name = cells[1]!.replaceAll('`', '');
      const ticks = cells.slice(3, 6);
      return [name, ROLES.filter((_, i) => ticks[i] === '✓')];
    }),
  );
}

describe('the permission matrix', () => {
  it('a viewer only reads', () => {
    const allowed = (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can('viewer', p));
    expect(allowed).toEqual(['read']);
  });

  it('a reporter opens and updates incidents and gives feedback, but deletes nothing and manages nobody', () => {
    expect(can('reporter', 'incident.create')).toBe(true);
    expect(can('reporter', 'incident.update')).toBe(true);
    expect(can('reporter', 'alert.feedback')).toBe(true);
    expect(can('reporter', 'incident.delete')).toBe(false);
    expect(can('reporter', 'user.manage')).toBe(false);
    expect(can('reporter', 'audit.read')).toBe(false);
  });

  it('an admin may do everything, and each role may do all the role below it may', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      expect(can('admin', permission)).toBe(true);
      if (can('viewer', permission)) expect(can('reporter', permission)).toBe(true);
    }
  });

  it('README shows the same table as the code', () => {
    const expected = Object.fromEntries(Object.entries(PERMISSIONS).map(([name, roles]) => [name, [...roles]]));
    expect(readmeMatrix()).toEqual(expected);
  });
});
