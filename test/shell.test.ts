import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeEachTarget, DJANGO_TARGETS } from './support/each-target.js';
import { cleanEnv, dumpAuth, embeddedTarget, one, pgServer, run, serverTarget, sql, type Target } from './support/targets.js';
import { BIN, hasTmux, Terminal } from './support/tmux.js';
import { tempFolder } from './support/temp-folders.js';

/** Runs `accessctl shell` (the built binary: what ships, and it starts far faster than tsx) with a script on its standard input (not a terminal). */
function shell(target: Target, input: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'shell', ...target.options], { env: cleanEnv({ NO_COLOR: '1', ...env }) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input.map((line) => `${line}\n`).join(''));
  });
}

/** What the REPL printed for each line, in order (its prompts split them). */
const answers = (stdout: string) =>
  stdout
    .split('accessctl> ')
    .slice(1, -1)
    .map((s) => s.trim());

const NEW_USER =
  "em.create(User, { username: 'zeppo', password: '!unusable', isSuperuser: false, firstName: 'Zeppo', lastName: 'Marx', email: 'zeppo@example.com', isStaff: true, isActive: true, dateJoined: new Date('2024-01-02T03:04:05Z') })";

// Each test starts the shell in a process of its own (then PGlite): slow on a busy machine.
vi.setConfig({ testTimeout: 240_000 });

describeEachTarget('shell', DJANGO_TARGETS, (make) => {
  it('em reads real rows, a flush writes real rows, and sql sees them on the same connection', async () => {
    const t = await make();
    const made = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '--yes']);
    expect(made.code, made.stderr).toBe(0);
    const result = await shell(t, [
      "(await em.find(User, { username: 'groucho' })).map((u) => [u.email, u.isStaff])",
      `const zeppo = ${NEW_USER}`,
      "const team = em.create(Group, { name: 'marx' })",
      'em.create(UserGroup, { user: zeppo, group: team })',
      'await em.flush()',
      "(await sql.query('SELECT username FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id')).map((r) => r.username)",
      "(await em.findOneOrFail(Permission, { codename: 'add_thing' }, { populate: ['contentType'] })).contentType.appLabel",
    ]);
    expect(result.stderr).toContain('accessctl shell on');
    expect(result.code).toBe(0);
    expect(answers(result.stdout)).toEqual([
      "[ [ 'groucho@example.com', true ] ]",
      'undefined',
      'undefined',
      expect.stringContaining('UserGroup'),
      'undefined',
      "[ 'zeppo' ]",
      "'myapp'",
    ]);
    const rows = await sql(
      t,
      `SELECT u.username, u.first_name, u.email, u.is_staff, u.date_joined, g.name FROM auth_user u
         JOIN auth_user_groups ug ON ug.user_id = u.id JOIN auth_group g ON g.id = ug.group_id`,
    );
    expect(rows).toEqual([
      { username: 'zeppo', first_name: 'Zeppo', email: 'zeppo@example.com', is_staff: true, date_joined: new Date('2024-01-02T03:04:05Z'), name: 'marx' },
    ]);
  });

  it('plan() shows the plan and writes nothing; apply() asks as a command does (no terminal: refuses); {yes: true} applies', async () => {
    const t = await make();
    const desired = "{ groups: { editors: ['myapp:Thing:add_thing'] } }";
    const groups = "(await sql.query('SELECT name FROM auth_group')).map((r) => r.name)";
    const result = await shell(t, [`await plan(${desired})`, `await apply(${desired})`, groups, `await apply(${desired}, { yes: true })`, groups]);
    expect(result.stderr).toContain('+ group editors\n');
    expect(result.stderr).toContain('Plan: 2 to add, 0 to change, 0 to remove.\n');
    expect(result.stderr).toContain('Error: nothing was changed: there is no terminal to confirm on.');
    expect(result.stderr).toContain('Apply complete: 2 added, 0 changed, 0 removed.');
    expect(answers(result.stdout)).toEqual(['undefined', 'undefined', '[]', 'undefined', "[ 'editors' ]"]);
    expect(
      await sql(
        t,
        `SELECT p.codename FROM auth_group g JOIN auth_group_permissions gp ON gp.group_id = g.id JOIN auth_permission p ON p.id = gp.permission_id WHERE g.name = 'editors'`,
      ),
    ).toEqual([{ codename: 'add_thing' }]);
  });

  it('plan() and apply() report bad input as the commands do, and change nothing', async () => {
    const t = await make();
    const before = await dumpAuth(t);
    const result = await shell(t, [
      "await apply({ groups: { g: ['myapp:Thing:no_such'] }, users: { u: { email: 1 } } }, { yes: true })",
      "await apply({ groups: { g: ['myapp:thing:no_such'] } }, { yes: true })",
    ]);
    expect(result.stderr).toContain('Error: users.u.email: expected string, got number\n');
    expect(result.stderr).toMatch(/Error: groups\.g\[0\]: .*no_such/);
    expect(await dumpAuth(t)).toBe(before);
  });

  it('a piped script stops at its first uncaught error and exits 1; the lines after it do not run', async () => {
    const t = await make();
    const before = await dumpAuth(t);
    const result = await shell(t, ["await em.findOneOrFail(User, { username: 'nobody' })", 'await apply({ groups: { after_the_error: [] } }, { yes: true })']);
    expect(result.stdout).toMatch(/Uncaught[\s\S]*User not found/);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('Apply complete');
    expect(await dumpAuth(t)).toBe(before);
    const refused = await shell(t, ['await apply({ groups: { editors: [] } })', '1 + 1']);
    expect(answers(refused.stdout)).toEqual(['undefined', '2']);
    expect(refused.code).toBe(1);
  });

  it('-c evaluates one expression (await allowed), prints it, and exits 1 when apply() failed', async () => {
    const t = await make();
    const { n } = one(await sql<{ n: number }>(t, 'SELECT count(*)::int AS n FROM auth_permission'));
    const counted = await run(t, ['shell', '-c', 'await em.count(Permission)']);
    expect(counted).toEqual({ code: 0, stdout: `${n}\n`, stderr: '' });
    const rows = await run(t, [
      'shell',
      '--command',
      "(await sql.query('SELECT model FROM django_content_type WHERE app_label = $1 ORDER BY id', ['myapp'])).length > 0",
    ]);
    expect(rows.stdout).toBe('true\n');
    const before = await dumpAuth(t);
    const refused = await run(t, ['shell', '-c', 'await apply({ groups: { editors: [] } })']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('no terminal to confirm on');
    const thrown = await run(t, ['shell', '-c', 'await em.findOneOrFail(User, { username: "nobody" })']);
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toMatch(/^Error: NotFoundError: User not found/);
    expect(thrown.stderr).not.toContain('bug');
    expect(await dumpAuth(t)).toBe(before);
  });
});

describe.skipIf(!hasTmux)('shell on a terminal', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('apply() asks at the prompt, and the history is kept in the data home, readable by its owner only', async () => {
    const t = await embeddedTarget('migrated');
    const home = tempFolder('accessctl-home-');
    terminal = new Terminal(`XDG_DATA_HOME=${home} ${process.execPath} ${BIN} shell --data-dir ${t.dataDir}`, { columns: 160, rows: 40 });
    await terminal.waitFor('accessctl> ');
    await terminal.keys('-l', 'await apply({ groups: { typed: [] } })');
    await terminal.keys('Enter');
    await terminal.waitFor('Apply these changes? y/N');
    await terminal.keys('y', 'Enter');
    await terminal.waitFor('Apply complete: 1 added');
    await terminal.keys('C-d');
    expect(await terminal.exitCode()).toBe(0);
    const history = path.join(home, 'accessctl_shell_history');
    expect(existsSync(history)).toBe(true);
    expect(statSync(history).mode & 0o777).toBe(0o600);
    expect(readFileSync(history, 'utf8')).toContain('await apply({ groups: { typed: [] } })');
    expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([{ name: 'typed' }]);
  });
});

describe.skipIf(!pgServer())('shell on a PostgreSQL server, as a role allowed one connection', () => {
  // The shell holds one connection at a time: the command's own is closed, and gone, before the ORM's opens.
  it('-c works under CONNECTION LIMIT 1, time after time', async () => {
    const t = await serverTarget('django');
    const role = `limited_${process.pid}_${Date.now()}`;
    await sql(t, `CREATE ROLE ${role} LOGIN PASSWORD 'limited-pw' CONNECTION LIMIT 1`);
    await sql(t, `GRANT ALL ON ALL TABLES IN SCHEMA public TO ${role}; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    const url = new URL(t.url!);
    url.username = role;
    url.password = 'limited-pw';
    const limited: Target = { ...t, options: ['--database-url', url.href], url: url.href };
    for (let round = 0; round < 3; round++) {
      const counted = await run(limited, ['shell', '-c', 'await em.count(Permission)']);
      expect(counted.stderr).toBe('');
      expect(counted).toMatchObject({ code: 0 });
      expect(Number(counted.stdout.trim())).toBeGreaterThan(0);
    }
  });
});

describe.skipIf(!pgServer())('shell on a PostgreSQL server: the password is never printed', () => {
  // The raw client and the ORM hold the connection's settings: showing them must not show the password.
  const shown = ['sql', 'orm', 'em.config'];

  it('-c shows the objects with the password masked', async () => {
    const t = await serverTarget('django');
    const password = pgServer()!.password;
    for (const expression of shown) {
      const result = await run(t, ['shell', '-c', expression]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('***');
      expect(result.stdout).not.toContain(password);
    }
  });

  it('the REPL shows them with the password masked', async () => {
    const t = await serverTarget('django');
    const password = pgServer()!.password;
    const result = await shell(t, shown);
    expect(result.code).toBe(0);
    expect(answers(result.stdout)).toHaveLength(shown.length);
    expect(result.stdout).toContain('***');
    expect(result.stdout).not.toContain(password);
  });
});
