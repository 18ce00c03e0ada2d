import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { holdersOf } from '../src/domain/holders.js';
import { backendOf } from '../src/ui/console/backend.js';
import { testJournal } from './support/journal.js';
import { pgServer, run, serverTarget, sql } from './support/targets.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./django/has_perm_matrix.py', import.meta.url));
const hasDjango = spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasDjango || !pgServer())("the console's \"who holds it\" and a user's effective permissions agree with Django's has_perm", () => {
  it('for every user × permission of a database with superusers, inactive users, groups and direct grants', async () => {
    const t = await serverTarget('django');
    await run(t, ['manage_group', 'editors', '-p', 'myapp:Thing:add_thing', 'myapp:Thing:change_thing', '--yes']);
    await run(t, ['manage_group', 'viewers', '-p', 'myapp:Thing:view_thing', 'myapp:SpecialThing:view_specialthing', '--yes']);
    await run(t, ['manage_user', 'alice', 'alice@example.com', '-g', 'editors', '--yes']);
    await run(t, ['manage_user', 'bob', 'bob@example.com', '-g', 'editors', 'viewers', '--yes']);
    await run(t, ['manage_user', 'carol', 'carol@example.com', '--superuser', '--yes']);
    await run(t, ['manage_user', 'dave', 'dave@example.com', '--superuser', '-g', 'viewers', '--yes']);
    await run(t, ['manage_user', 'erin', 'erin@example.com', '--yes']);
    await run(t, ['manage_user', 'frank', 'frank@example.com', '--staff', '--yes']);
    await sql(t, `UPDATE auth_user SET is_active = false WHERE username IN ('bob', 'dave')`);
    // Direct grants, for an active and an inactive user.
    await sql(
      t,
      `INSERT INTO auth_user_user_permissions (user_id, permission_id)
       SELECT u.id, p.id FROM auth_user u, auth_permission p WHERE (u.username, p.codename) IN (('erin', 'delete_thing'), ('bob', 'delete_thing'), ('erin', 'add_group'))`,
    );

    const django = new Map<string, boolean>();
    for (const line of execFileSync(PYTHON, [SCRIPT, t.url!], { encoding: 'utf8' }).trim().split('\n')) {
      const [username, key, held] = line.split('\t');
      django.set(`${username} ${key}`, held === 'True');
    }
    const users = (await sql<{ username: string }>(t, 'SELECT username FROM auth_user ORDER BY 1')).map((r) => r.username);
    const keys = (
      await sql<{ key: string }>(
        t,
        `SELECT ct.app_label || ':' || ct.model || ':' || p.codename AS key FROM auth_permission p JOIN django_content_type ct ON ct.id = p.content_type_id`,
      )
    ).map((r) => r.key);
    expect(django.size).toBe(users.length * keys.length);

    const db = await Database.open({ kind: 'server', url: t.url! });
    try {
      const backend = backendOf(db.browse, db.recordedAccess(testJournal()), 'test', db.changeLog);
      const ours = new Map<string, boolean>();
      let inactiveMarked = 0;
      for (const key of keys) {
        const { candidates } = await backend.holders(key);
        const holders = new Map(holdersOf(candidates, key).map((h) => [h.username, h]));
        for (const username of users) ours.set(`${username} ${key}`, holders.get(username)?.holds ?? false);
        for (const h of holders.values()) {
          // Inactive users are listed, marked, with the path they would have; they never hold.
          if (h.inactive) {
            inactiveMarked++;
            expect(h.holds).toBe(false);
            expect(h.paths.length).toBeGreaterThan(0);
          }
        }
      }
      expect(ours).toEqual(django);
      expect(inactiveMarked).toBeGreaterThan(keys.length); // dave (a superuser) for every permission, and bob's

      // The user screen's effective permissions say the same.
      for (const username of users) {
        const detail = await backend.userDetail(username);
        const effective = new Set(detail!.effective.map((e) => e.permission.key));
        for (const key of keys) expect([username, key, effective.has(key)]).toEqual([username, key, django.get(`${username} ${key}`)]);
      }
    } finally {
      await db.close();
    }
  });
});
