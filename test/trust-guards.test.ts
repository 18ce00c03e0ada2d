import { pbkdf2Sync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { beforeEach, describe, expect, it } from 'vitest';
import { Database } from '../src/db/database.js';
import { desiredFromEdits } from '../src/domain/edits.js';
import { InvalidInput } from '../src/domain/errors.js';
import { planChanges } from '../src/domain/plan/engine.js';
import { runCli } from '../src/framework/runner.js';
import { BIN } from './support/tmux.js';
import { cleanEnv, dumpAuth, embeddedTarget, pgServer, run, serverTarget, sql, type Target, one } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const HASH = `pbkdf2_sha256$260000$saltsaltsalt$${pbkdf2Sync('groucho-secret', 'saltsaltsalt', 260000, 32, 'sha256').toString('base64')}`;

const tempFile = (name: string, text: string) => {
  const file = path.join(tempFolder('accessctl-guards-'), name);
  writeFileSync(file, text);
  return file;
};

/** A server database when the test server runs (fast), else an embedded one. */
const target = async (): Promise<Target> => (pgServer() ? serverTarget('django') : embeddedTarget('django'));
const password = async (t: Target, username: string) => (await sql(t, `SELECT password FROM auth_user WHERE username = $1`, [username]))[0]?.password;

describe('the last active superuser', () => {
  let t: Target;
  beforeEach(async () => {
    t = await target();
    expect((await run(t, ['manage_user', 'root', 'root@example.com', '--superuser', '--yes'])).code).toBe(0);
    expect((await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes'])).code).toBe(0);
  });

  it.each([
    ['demoted', 'users:\n  root: {email: root@example.com, superuser: false}\n'],
    ['deactivated', 'users:\n  root: {email: root@example.com, superuser: true, active: false}\n'],
  ])('an access file that leaves it %s is refused, saying why, and changes nothing; --allow-no-superuser applies it with a warning', async (_, text) => {
    const policy = tempFile('policy.yaml', text);
    const before = await dumpAuth(t);
    const refused = await run(t, ['apply', '-f', policy, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      'refusing to leave no active superuser: "root" is the last one, and this plan removes, demotes or deactivates it (--allow-no-superuser allows it)',
    );
    expect(refused.stderr).toContain(':2:3: users.root:');
    expect(await dumpAuth(t)).toBe(before);
    const allowed = await run(t, ['apply', '-f', policy, '--yes', '--allow-no-superuser']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('Warning: No active superuser will remain: this removes, demotes or deactivates "root", the last one.');
  });

  it('a prune that removes it is refused', async () => {
    const before = await dumpAuth(t);
    const refused = await run(t, ['apply', '-f', tempFile('p.yaml', 'users:\n  groucho: {email: groucho@example.com}\n'), '--prune', '--prune-superusers', '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('refusing to leave no active superuser');
    expect(await dumpAuth(t)).toBe(before);
  });

  it('the console (its edits planned by the domain) is refused too', async () => {
    const db = await Database.open(t.kind === 'server' ? { kind: 'server', url: t.url! } : { kind: 'embedded', dataDir: t.dataDir! });
    try {
      const demote = desiredFromEdits([{ kind: 'user.flag', username: 'root', email: 'root@example.com', field: 'isSuperuser', value: false }]);
      await expect(planChanges(db.access, demote)).rejects.toThrow(InvalidInput);
      await expect(planChanges(db.access, desiredFromEdits([{ kind: 'user.remove', username: 'root', email: 'root@example.com' }]))).rejects.toThrow(
        'refusing to leave no active superuser',
      );
      // Another active superuser first: then the demotion is fine.
      const both = desiredFromEdits([
        { kind: 'user.flag', username: 'groucho', email: 'groucho@example.com', field: 'isSuperuser', value: true },
        { kind: 'user.flag', username: 'root', email: 'root@example.com', field: 'isSuperuser', value: false },
      ]);
      expect((await planChanges(db.access, both)).changes).toHaveLength(2);
    } finally {
      await db.close();
    }
  });

  it('manage_user keeps edx semantics (omitting --superuser demotes), with a warning line and a prompt that names it', async () => {
    const dry = await run(t, ['manage_user', 'root', 'root@example.com', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.stderr).toContain('Warning: No active superuser will remain: this removes, demotes or deactivates "root", the last one.');
    const questions: string[] = [];
    const asked = await run(t, ['manage_user', 'root', 'root@example.com'], { interactive: true, confirm: async (q) => (questions.push(q), false) });
    expect(asked.code).toBe(1);
    expect(questions).toEqual(['Apply these changes, leaving no active superuser ("root" is the last one)?']);
    const applied = await run(t, ['manage_user', 'root', 'root@example.com', '--yes']);
    expect(applied.code).toBe(0);
    expect(one(await sql(t, `SELECT is_superuser FROM auth_user WHERE username = 'root'`)).is_superuser).toBe(false);
  });

  it('no warning while another active superuser remains', async () => {
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--superuser', '--yes']);
    const result = await run(t, ['manage_user', 'root', 'root@example.com', '--dry-run']);
    expect(result.stderr).not.toContain('No active superuser');
  });
});

/** A stderr that says when a text has appeared on it. */
function watchedSink(text: string) {
  let seen!: () => void;
  const appeared = new Promise<void>((resolve) => (seen = resolve));
  const sink = {
    text: '',
    isTTY: false,
    write(chunk: string) {
      sink.text += chunk;
      if (sink.text.includes(text)) seen();
      return true;
    },
  };
  return { sink, appeared };
}

describe.skipIf(!pgServer())('waiting for locks on a server', () => {
  let t: Target;
  let other: pg.Client;
  beforeEach(async () => {
    t = await serverTarget('django');
    await run(t, ['manage_group', 'kept', '--yes']);
    await run(t, ['manage_group', 'legacy', '--yes']);
    other = new pg.Client({ connectionString: t.url, application_name: 'other-operator' });
    await other.connect();
    return async () => {
      await other.end().catch(() => undefined);
    };
  });

  it('says who holds the lock after a second; --yes then refuses a new plan that removes more than the plan shown', async () => {
    // Another operator's open transaction adds a group: the plan shown cannot see it.
    await other.query('BEGIN');
    await other.query(`INSERT INTO auth_group (name) VALUES ('added_meanwhile')`);
    const stderr = watchedSink('Waiting for a lock held by');
    const stdout = watchedSink('');
    const policy = tempFile('p.yaml', 'groups:\n  kept: []\n');
    const running = runCli(['apply', '-f', policy, '--prune', '--max-removals', '10', '--yes', '--json', ...t.options], {
      interactive: false,
      env: cleanEnv(),
      stdout: stdout.sink,
      stderr: stderr.sink,
    });
    await stderr.appeared;
    expect(stderr.sink.text).toMatch(
      /Waiting for a lock held by process \d+ \(application "other-operator", user "[^"]+", idle in transaction\) \(giving up after 30 s: --lock-timeout\)/,
    );
    await other.query('COMMIT');
    expect(await running).toBe(1);
    expect(stderr.sink.text).toContain('- group legacy (0 members, 0 permissions)\nPlan: 0 to add, 0 to change, 1 to remove.');
    expect(stderr.sink.text).toContain('The database changed since the plan was shown. The new plan:');
    expect(stderr.sink.text).toContain('nothing was changed: the new plan removes what the plan shown did not (group added_meanwhile (0 members, 0 permissions)).');
    expect(JSON.parse(stdout.sink.text).outcome).toBe('refused');
    expect((await sql(t, 'SELECT name FROM auth_group ORDER BY 1')).map((r) => r.name)).toEqual(['added_meanwhile', 'kept', 'legacy']);
  });

  it('--lock-timeout ends the wait cleanly: one line naming the holder, nothing changed, and --json still prints one document', async () => {
    await other.query('BEGIN');
    await other.query(`UPDATE auth_group SET name = name WHERE name = 'kept'`);
    const before = await sql(t, 'SELECT * FROM auth_group ORDER BY id');
    const result = await run(t, ['manage_group', 'kept', '--remove', '--yes', '--lock-timeout', '2', '--json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Error: gave up waiting for a lock held by process \d+ \(application "other-operator", user "[^"]+", idle in transaction\) after 2 s \(--lock-timeout\); nothing was changed/,
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'error', plan: null, errors: [expect.stringContaining('gave up waiting for a lock')] });
    await other.query('ROLLBACK');
    expect(await sql(t, 'SELECT * FROM auth_group ORDER BY id')).toEqual(before);
  });
});

describe('conflicting options, --strict, --json and --detailed-exitcode', () => {
  let t: Target;
  beforeEach(async () => {
    t = await target();
    await run(t, ['manage_group', 'mygroup', '--yes']);
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroup', '--yes']);
  });

  it.each([
    [
      ['manage_user', 'harpo', 'h@example.com', '--unusable-password', '--initial-password-hash', HASH],
      '--unusable-password and an initial password hash contradict each other',
    ],
    [['manage_user', 'groucho', 'groucho@example.com', '--remove', '--staff'], '--remove removes the user: it cannot go with --staff'],
    [['manage_user', 'groucho', 'groucho@example.com', '--remove', '--superuser', '-g', 'mygroup'], 'it cannot go with --superuser, -g'],
    [['manage_group', 'mygroup', '--remove', '-p', 'myapp:Thing:add_thing'], '--remove removes the group: it cannot go with -p'],
    [['manage_permission', 'myapp:Thing:add_thing', '--remove', '--name', 'x'], 'it cannot go with --name'],
  ])('%j is a usage error that changes nothing', async (argv, message) => {
    const before = await dumpAuth(t);
    const result = await run(t, [...argv, '--yes']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    const detailed = await run(t, [...argv, '--yes', '--detailed-exitcode', '--json']);
    expect(detailed.code).toBe(1);
    expect(JSON.parse(detailed.stdout)).toMatchObject({ outcome: 'error', errors: [expect.stringContaining(message)] });
    expect(await dumpAuth(t)).toBe(before);
  });

  it('an app label with a space is invalid', async () => {
    const before = await dumpAuth(t);
    const result = await run(t, ['manage_permission', 'my app:thing:do_thing', '--yes']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('Error: invalid permission "my app:thing:do_thing": the app label "my app" is not a Python identifier, as Django requires');
    const file = await run(t, ['apply', '-f', tempFile('p.yaml', 'permissions:\n  my app:\n    thing: {do_thing: Do}\n'), '--yes']);
    expect(file.code).toBe(1);
    expect(file.stderr).toContain('the app label and the model must be Python identifiers');
    expect(await dumpAuth(t)).toBe(before);
  });

  it('a mistyped -g warns and keeps the other groups; --strict, $ACCESSCTL_STRICT or package.json make it an error that changes nothing', async () => {
    const argv = ['manage_user', 'groucho', 'groucho@example.com', '-g', 'mygroupp', '--yes'];
    const before = await dumpAuth(t);
    const project = tempFolder('accessctl-project-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ accessctl: { strict: true } }));
    for (const [extra, options] of [
      [['--strict'], {}],
      [[], { env: cleanEnv({ ACCESSCTL_STRICT: '1' }) }],
      [[], { cwd: project }],
    ] as const) {
      const strict = await run(t, [...argv, ...extra], options);
      expect(strict.code).toBe(1);
      expect(strict.stderr.trim()).toBe('Error: group "mygroupp" does not exist in the database (named for user "groucho")');
      expect(await dumpAuth(t)).toBe(before);
    }
    const lenient = await run(t, argv);
    expect(lenient.code).toBe(0);
    expect(lenient.stderr).toContain('Warning: Could not find a group named "mygroupp" - skipping.');
  });

  it('--json prints one JSON document for usage, connection and input errors; --detailed-exitcode keeps errors (1) apart from changes (2)', async () => {
    const usage = await run(t, ['manage_group', '--json']);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ format_version: 1, outcome: 'error', plan: null, errors: ['the following arguments are required: GROUP'] });
    const unknownOption = await run(t, ['manage_group', 'g', '--json', '--bogus', '--detailed-exitcode']);
    expect(unknownOption.code).toBe(1);
    expect(JSON.parse(unknownOption.stdout).outcome).toBe('error');
    const connection = await run(undefined, ['manage_group', 'g', '--json', '--yes', '--database-url', 'postgres://u:hunter2@127.0.0.1:1/db']);
    expect(connection.code).toBe(1);
    expect(JSON.parse(connection.stdout).errors[0]).toContain('could not connect to postgres://u:***@127.0.0.1:1/db');
    expect(connection.stdout + connection.stderr).not.toContain('hunter2');
    const invalid = await run(t, ['manage_group', 'g', '-p', 'nope', '--json', '--yes']);
    expect(JSON.parse(invalid.stdout).outcome).toBe('invalid');
    const changes = await run(t, ['manage_group', 'new_group', '--yes', '--detailed-exitcode']);
    expect(changes.code).toBe(2);
    const none = await run(t, ['manage_group', 'new_group', '--yes', '--detailed-exitcode']);
    expect(none.code).toBe(0);
  });
});

describe('initial password hashes off the command line', () => {
  let t: Target;
  beforeEach(async () => {
    t = await target();
  });

  it('from --initial-password-hash-file FILE, from standard input (the real binary) and from $ACCESSCTL_INITIAL_PASSWORD_HASH; never printed', async () => {
    const fromFile = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--initial-password-hash-file', tempFile('hash', `${HASH}\n`), '--yes']);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stderr).toContain('the given password hash');
    expect(await password(t, 'groucho')).toBe(HASH);
    execFileSync(process.execPath, [BIN, 'manage_user', 'harpo', 'harpo@example.com', '--initial-password-hash-file', '-', '--yes', ...t.options], {
      input: HASH,
      env: cleanEnv(),
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    expect(await password(t, 'harpo')).toBe(HASH);
    const fromEnv = await run(t, ['manage_user', 'chico', 'chico@example.com', '--yes'], { env: cleanEnv({ ACCESSCTL_INITIAL_PASSWORD_HASH: HASH }) });
    expect(fromEnv.code).toBe(0);
    expect(await password(t, 'chico')).toBe(HASH);
    for (const output of [fromFile, fromEnv]) expect(output.stdout + output.stderr).not.toContain(HASH.split('$')[3]);
  });

  it('warns when a given hash is ignored for an existing user', async () => {
    await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    const before = await password(t, 'groucho');
    for (const options of [{ env: cleanEnv({ ACCESSCTL_INITIAL_PASSWORD_HASH: HASH }) }, {}]) {
      const argv = Object.keys(options).length ? [] : ['--initial-password-hash', HASH];
      const result = await run(t, ['manage_user', 'groucho', 'groucho@example.com', ...argv, '--yes'], options);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('Warning: The given password hash is not used: user "groucho" exists, and a hash is used only when a user is created.');
      expect(result.stderr).toContain('No changes.');
    }
    expect(await password(t, 'groucho')).toBe(before);
  });

  it('two sources at once are a usage error; a missing file is one line', async () => {
    const file = tempFile('hash', HASH);
    const both = await run(t, ['manage_user', 'harpo', 'h@example.com', '--initial-password-hash', HASH, '--initial-password-hash-file', file, '--yes']);
    expect(both.code).toBe(2);
    const missing = await run(t, ['manage_user', 'harpo', 'h@example.com', '--initial-password-hash-file', '/nonexistent/hash', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe('Error: cannot read the password hash file "/nonexistent/hash": no such file');
  });
});
