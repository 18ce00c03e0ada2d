import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN } from './support/tmux.js';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { embeddedTarget, pgServer, serverTarget } from './support/targets.js';
import { cleanEnv, dumpAuth, run, sql, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

/** Names an attacker gives groups, users' emails or permissions, each with what it tries. */
const HOSTILE = [
  ['retitles the terminal (OSC)', 'ops\u001b]2;PWNED\u0007'],
  ['forges a plan line', 'x\n+ user root: is_superuser false -> true'],
  ['overwrites the line (CR)', 'ops\r+ group admins'],
  ['one-byte CSI (U+009B)', 'ops\u009b2J'],
  ['bidi override (U+202E)', 'ops\u202etxt.exe'],
] as const satisfies readonly (readonly [string, string])[];

/** Nothing that a terminal acts on: C0 other than newline, DEL, C1, bidi controls, line separators. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const expectInert = (text: string) => {
  expect(text).not.toMatch(RAW_CONTROL);
  // No line of its own that a name forged.
  expect(text.split('\n').some((line) => /^\+ (user root|group admins)/.test(line))).toBe(false);
};

const runBinary = (args: string[]) =>
  promisify(execFile)(process.execPath, [BIN, ...args], { env: cleanEnv(), maxBuffer: 64 * 1024 * 1024 }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e) => ({ code: e.code as number, stdout: e.stdout as string, stderr: e.stderr as string }),
  );

// The escaping is the same whatever the database: every hostile name on the server (fast), two on the embedded one.
const TARGETS = DJANGO_TARGETS.filter((kind) => kind.server || process.env.ACCESSCTL_TEST_ALL_TARGETS);

describeEachTarget('no forged output from hostile names', TARGETS, (make) => {
  let t: Target;
  beforeEach(async () => {
    t = await make();
  });

  it.each(HOSTILE)('a new group, user email or permission name that %s is refused in one line, nothing changed', async (_, name) => {
    const before = await dumpAuth(t);
    const attempts = [
      ['manage_group', name, '--yes'],
      ['manage_user', 'mallory', `m${name}@example.com`, '--yes'],
      ['manage_permission', 'myapp:Thing:publish_thing', '--name', name, '--yes'],
    ];
    for (const argv of attempts) {
      const result = await run(t, argv);
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/must not contain control or bidirectional-override characters|must not contain spaces/);
      expectInert(result.stderr);
    }
    const renamed = await run(t, ['apply', '-f', writeTemp('access.json', JSON.stringify({ groups: { [name]: [] } })), '--yes']);
    expect(renamed.code).toBe(1);
    expectInert(renamed.stderr);
    expect(await dumpAuth(t)).toBe(before);
  });

  it.each(HOSTILE)('a group already in the database that %s is escaped in plans, warnings, notes, graphs and errors', async (_, name) => {
    // An email with spaces is refused whatever it holds; the rest of the name stays in it.
    const email = `g${name.replace(/\s/g, '')}@example.com`;
    await sql(t, `INSERT INTO auth_group (name) VALUES ($1)`, [name]);
    await sql(
      t,
      `INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
                  VALUES ('!x', false, 'groucho', '', '', $1, false, true, now())`,
      [email],
    );
    const outputs = [
      await run(t, ['manage_user', 'groucho', email, '-g', name, '--dry-run']),
      await run(t, ['manage_user', 'groucho', 'other@example.com', '--dry-run']),
      await run(t, ['manage_user', 'harpo', 'harpo@example.com', '-g', `${name}2`, '--dry-run']),
      await run(t, ['manage_group', name, '--dry-run', '--verbosity', '2']),
      await run(t, ['manage_group', name, '--remove', '--dry-run', '--json']),
      await run(t, ['graph']),
      await run(t, ['graph', '--format', 'dot']),
      await run(t, ['graph', '--group', `${name}2`]),
      await run(t, [
        'apply',
        '-f',
        writeTemp(
          'access.yaml',
          `groups:\n  ${JSON.stringify(name)}: [myapp:Thing:add_thing]\nusers:\n  groucho: {email: ${JSON.stringify(email)}, groups: [${JSON.stringify(name)}], colour: ${JSON.stringify(name)}}\n`,
        ),
        '--dry-run',
      ]),
    ] as const;
    for (const output of outputs) expectInert(output.stdout + output.stderr);
    const [plan, mismatch, missing] = outputs;
    expect(plan.stderr).toContain(
      `+ user groucho: group ${name.replace(/[\n\r\u001b\u0007\u009b\u202e]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\u001b': '\\e' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}`,
    );
    expect(mismatch.stderr).toContain('do not match');
    expect(missing.stderr).toContain('Warning: Could not find a group named');
    const json = JSON.parse(outputs[4].stdout);
    expect(json.plan.changes[0]).toEqual({ action: 'remove', object: 'group', key: { group: name }, values: { members: 0, permissions: 0 } });
    expect(outputs[5].stdout).toMatch(/^ {2}g\d+\["(ops|x)/m);
  });

  it('a group removed by its hostile name is removed (refusing applies only to new names)', async () => {
    await sql(t, `INSERT INTO auth_group (name) VALUES ($1)`, [HOSTILE[0][1]]);
    const result = await run(t, ['manage_group', HOSTILE[0][1], '--remove', '--yes']);
    expect(result.code).toBe(0);
    expectInert(result.stderr);
    expect(await sql(t, 'SELECT count(*)::int AS n FROM auth_group')).toEqual([{ n: 0 }]);
  });
});

function writeTemp(name: string, text: string): string {
  const file = path.join(tempFolder('accessctl-trust-'), name);
  writeFileSync(file, text);
  return file;
}

describe('no forged output on the embedded database, through the real binary', () => {
  it('a hostile group and a forged plan line are escaped in the plan and the graph', { timeout: 240_000 }, async () => {
    const t = await embeddedTarget('django');
    const [osc, forged] = [HOSTILE[0][1], HOSTILE[1][1]];
    await sql(t, `INSERT INTO auth_group (name) VALUES ($1), ($2)`, [osc, forged]);
    const plan = await runBinary(['manage_user', 'groucho', 'groucho@example.com', '-g', osc, forged, '--dry-run', ...t.options]);
    expect(plan.code).toBe(0);
    expectInert(plan.stderr);
    expect(plan.stderr).toContain('+ user groucho: group ops\\e]2;PWNED\\u0007');
    expect(plan.stderr).toContain('+ user groucho: group x\\n+ user root: is_superuser false -> true');
    const graph = await runBinary(['graph', ...t.options]);
    expectInert(graph.stdout + graph.stderr);
    expect(graph.stdout).toMatch(/ {2}g\d+\["ops\\e\]2;PWNED\\u0007"\]/);
    const refused = await runBinary(['manage_group', `${osc}2`, '--yes', ...t.options]);
    expect(refused.code).toBe(1);
    expectInert(refused.stderr);
  });
});

describe('bounded errors', () => {
  it('a 5 MB value is echoed as a bounded slice, in one line', { timeout: 240_000 }, async () => {
    const t = pgServer() ? await serverTarget('django') : await embeddedTarget('migrated');
    const before = await dumpAuth(t);
    const huge = `\u001b]2;${'x'.repeat(5_000_000)}`;
    for (const argv of [
      ['manage_group', huge, '--yes'],
      ['manage_user', huge, 'a@example.com', '--yes'],
      ['manage_group', 'g', '-p', huge, '--yes'],
      ['graph', '--user', huge],
      ['manage_group', 'g', `--${huge}`],
    ]) {
      const result = await run(t, argv);
      expect(result.code).not.toBe(0);
      expect(result.stderr.length).toBeLessThan(3000);
      expectInert(result.stderr);
    }
    const key = await run(t, ['apply', '-f', writeTemp('big.yaml', `users:\n  "${'k'.repeat(300_000)}\\e": {email: a@example.com}\n`), '--yes']);
    expect(key.code).toBe(1);
    expect(key.stderr.length).toBeLessThan(3000);
    expect(await dumpAuth(t)).toBe(before);
  });
});

describe('secrets in messages', () => {
  it('a database URL given as a positional argument is masked, and said where it belongs (the real binary)', async () => {
    const result = await runBinary(['check', 'postgres://user:PA55w0rd-secret@db.example/app']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('PA55w0rd-secret');
    expect(result.stderr).toContain('unrecognized arguments: postgres://user:***@db.example/app (a database URL goes after --database-url)');
  });

  it.each([
    ['postgres://bob:pa/ss@db.example:5432/app', 'pa/ss'],
    ['postgres://bob:12#secret@db.example/app', 'secret'],
    ['postgres://bob:1/secret@db.example/app', 'secret'],
  ])('a password with / or # in %s says to percent-encode it, and never prints it', async (url, secret) => {
    const result = await run(undefined, ['check', '--database-url', url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('must be percent-encoded (/ as %2F, # as %23');
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown command that is a URL is masked', async () => {
    const result = await run(undefined, ['postgres://user:hunter2-secret@db.example/app']);
    expect(result.stderr).not.toContain('hunter2-secret');
    expect(result.code).toBe(2);
  });

  it('a password holding a space (unencoded) is masked whole, as a positional argument or an unknown command (the real binary)', async () => {
    const url = 'postgres://user:hunter2 secret words@db.example/app';
    const positional = await runBinary(['check', url]);
    expect(positional.code).toBe(2);
    expect(positional.stderr).toContain('unrecognized arguments: postgres://user:***@db.example/app (a database URL goes after --database-url)');
    const command = await runBinary([url]);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain("Unknown command: 'postgres://user:***@db.example/app'.");
    for (const result of [positional, command]) {
      expect(result.stderr).not.toContain('hunter2');
      expect(result.stderr).not.toContain('words');
    }
  });
});
