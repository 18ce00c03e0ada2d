import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { testJournal } from './support/journal.js';
import { buildSandbox } from '../src/db/demo-sandbox.js';
import { djangoPermName } from '../src/domain/permission-ref.js';
import { dumpAuth, embeddedTarget, pgServer, run, serverTarget } from './support/targets.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./django/verify.py', import.meta.url));
const hasDjango = spawnSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }).status === 0;
if (!hasDjango && process.env.CI === 'true') throw new Error('Django 3.2 (python3-django, python3-psycopg2) is needed for these tests in CI');

/** Permissions that, over the demo's users, reach every path: superuser, direct, one group, several, inactive, none, a proxy model's. */
const SAMPLE = [
  'shop:order:refund_order',
  'blog:post:publish_post',
  'blog:post:view_post',
  'blog:comment:change_comment',
  'shop:order:view_order',
  'support:ticket:add_ticket',
  'support:urgentticket:view_urgentticket',
  'admin:logentry:view_logentry',
  'sessions:session:delete_session',
  'auth:user:change_user',
];

describe.skipIf(!hasDjango || !pgServer())("explain agrees with Django 3.2's own has_perm", () => {
  it('for every demo user and a sample of permissions covering each path', { timeout: 300_000 }, async () => {
    const t = await serverTarget('empty');
    expect((await run(t, ['migrate'])).code).toBe(0);
    const db = await Database.open({ kind: 'server', url: t.url! });
    await buildSandbox(db.sql, testJournal());
    await db.close();
    const django: Record<string, Record<string, boolean>> = JSON.parse(
      execFileSync(PYTHON, [SCRIPT, t.url!, 'has-perms', ...SAMPLE.map(djangoPermName)], { encoding: 'utf8' }),
    );
    const usernames = Object.keys(django).sort();
    expect(usernames.length).toBeGreaterThanOrEqual(55);
    const seen = new Set<string>();
    const questions = usernames.flatMap((username) => SAMPLE.map((permission) => ({ username, permission })));
    // A few at a time: each run mostly waits for the server.
    const ask = async () => {
      for (let next = questions.shift(); next; next = questions.shift()) {
        const { username, permission } = next;
        const result = await run(t, ['explain', username, permission, '--json']);
        expect(result.code).toBe(0);
        const answer = JSON.parse(result.stdout);
        expect({ username, permission, holds: answer.holds }).toEqual({ username, permission, holds: django[username]?.[djangoPermName(permission)] });
        for (const path of answer.paths) seen.add(path.kind);
        if (answer.paths.length > 1) seen.add('several');
        if (answer.blockedBy) seen.add(`blocked by ${answer.blockedBy}`);
        if (!answer.paths.length) seen.add('none');
      }
    };
    await Promise.all([ask(), ask(), ask(), ask()]);
    expect([...seen].sort()).toEqual(['blocked by inactive', 'direct', 'group', 'none', 'several', 'superuser']);
  });
});

describe('explain in words', () => {
  it('names each path, what blocks it, and refuses a bad user or permission in one line without changing anything', { timeout: 300_000 }, async () => {
    const t = await embeddedTarget('new');
    const sandbox = { ...t, options: ['--data-dir', t.dataDir!] };
    await run(sandbox, ['demo']);
    const explain = async (...args: string[]) => run(sandbox, ['explain', ...args]);
    expect((await explain('dave', 'blog:post:view_post')).stdout).toBe(
      'dave holds blog:post:view_post (Django\'s has_perm("blog.view_post") is True), by 2 paths:\n  directly (granted to the user)\n  through group authors\n',
    );
    expect((await explain('carol', 'support:ticket:add_ticket')).stdout).toBe(
      'carol does not hold support:ticket:add_ticket (Django\'s has_perm("support.add_ticket") is False): the user is inactive, and Django gives an inactive user no permission.\n' +
        'Paths that would give it if the user were active:\n  through group support_agents\n',
    );
    expect((await explain('sam', 'shop:Order:refund_order')).stdout).toContain('as a superuser (an active superuser holds every permission)\n(sam is not staff');
    expect((await explain('theo', 'blog:post:view_post')).stdout).toContain('not a superuser, not granted directly, and the user is in no group.');
    const before = await dumpAuth(sandbox);
    const bad: [string[], string][] = [
      [['nobody\u001b[2J', 'blog:post:view_post'], 'Error: no user named "nobody\\e[2J"'],
      [['bob', 'blog:post'], 'Error: invalid permission "blog:post": use the form APP_LABEL:MODEL:CODENAME or APP_LABEL.CODENAME'],
      [['bob', 'blog:post:fly_post'], 'Error: invalid permission "blog:post:fly_post": no permission "fly_post" on model "blog.post"'],
      [['bob', 'myapp:Thing:add_thing'], 'Error: invalid permission "myapp:Thing:add_thing": no installed app with label "myapp"'],
    ];
    for (const [args, message] of bad) {
      const result = await explain(...args);
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe(message);
    }
    expect(await dumpAuth(sandbox)).toBe(before);
  });
});
