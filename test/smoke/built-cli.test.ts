import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasTmux, Terminal } from '../support/tmux.js';
import { cleanEnv, dumpAuth, embeddedTarget, pgServer, serverTarget, sql, type Target } from '../support/targets.js';
import { tempFolder } from '../support/temp-folders.js';

/**
 * What ships: every command and format through bin/accessctl.js on the built dist/ (`npm test`
 * builds it first). The sources are never run here: bin/ falls back to them without a bundle, so
 * a missing bundle fails this suite instead.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = path.join(ROOT, 'bin', 'accessctl.js');
const BUNDLE = path.join(ROOT, 'dist', 'accessctl.mjs');

const dir = tempFolder('accessctl-smoke-');
let files = 0;
const file = (content: string | Buffer, ext = 'yaml') => {
  const name = path.join(dir, `f${files++}.${ext}`);
  writeFileSync(name, content);
  return name;
};

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built binary, as a script runs it (no terminal). */
function cli(t: Target | undefined, args: string[], input?: string | Buffer): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args, ...(t?.options ?? [])],
      { env: cleanEnv({ CI: 'true' }), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? '');
  });
}

const shell = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
const accessctl = (...args: string[]) => [process.execPath, BIN, ...args].map(shell).join(' ');

const POLICY = `groups:
  editors: [myapp:Thing:add_thing]
users:
  groucho: {email: groucho@example.com, staff: true, groups: [editors]}
  harpo: {email: harpo@example.com, password: {unusable: true}}
`;

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`the bundle ${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
});

describe('the built CLI', () => {
  it('is the bundle: --version and help run from dist/', async () => {
    expect(existsSync(BUNDLE)).toBe(true);
    const version = await cli(undefined, ['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const help = await cli(undefined, ['help']);
    for (const name of ['apply', 'check', 'console', 'export', 'graph', 'manage_group', 'manage_permission', 'manage_user', 'migrate'])
      expect(help.stdout).toContain(name);
    expect((await cli(undefined, ['help', 'apply'])).stdout).toContain('--max-removals');
  });

  it('names only modules it ships: every relative import in dist/ is a file there (the merged modules included)', () => {
    const dist = path.dirname(BUNDLE);
    const modules = readdirSync(dist).filter((name) => name.endsWith('.mjs'));
    expect(modules.filter((name) => /^(early|core|data|prompt|console)-[A-Z0-9]+\.mjs$/.test(name)).length).toBeGreaterThanOrEqual(2);
    const named = new Set<string>();
    for (const name of modules) {
      for (const [, target] of readFileSync(path.join(dist, name), 'utf8').matchAll(/(?:from|import)\s*\(?\s*"\.\/([^"]+\.m?js)"/g)) named.add(target!);
    }
    expect(named.size).toBeGreaterThan(10);
    expect([...named].filter((target) => !modules.includes(target))).toEqual([]);
  });
});

describe.skipIf(!pgServer())('every command and format through the built CLI on a PostgreSQL server', () => {
  let t: Target;
  beforeAll(async () => {
    t = await serverTarget('empty');
  });

  it('migrate, check, manage_permission, manage_group, manage_user, apply (yaml, json, stdin), export (yaml, json, -o), graph (mermaid, dot)', async () => {
    const migrated = await cli(t, ['migrate']);
    expect(migrated).toMatchObject({ code: 0 });
    expect(migrated.stdout).toContain('Migrated');
    expect((await cli(t, ['migrate'])).stdout).toContain('Up to date');
    const check = await cli(t, ['check']);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('Usable');

    expect((await cli(t, ['manage_permission', 'myapp:Thing:add_thing', '--name', 'Can add thing', '--yes'])).code).toBe(0);
    const group = await cli(t, ['manage_group', 'viewers', '-p', 'myapp:Thing:add_thing', '--yes']);
    expect(group.code).toBe(0);
    expect(group.stderr).toMatch(/Changes on postgres:\/\/[^\n]*:\*\*\*@/);
    expect((await cli(t, ['manage_user', 'zeppo', 'zeppo@example.com', '-g', 'viewers', '--yes'])).code).toBe(0);

    const yaml = await cli(t, ['apply', '-f', file(POLICY), '--yes']);
    expect(yaml.code).toBe(0);
    expect(yaml.stderr).toContain('Apply complete');
    const json = await cli(t, ['apply', '-f', file(JSON.stringify({ groups: { from_json: [] } }), 'json'), '--yes']);
    expect(json.code).toBe(0);
    const stdin = await cli(t, ['apply', '-f', '-', '--yes'], 'groups:\n  from_stdin: []\n');
    expect(stdin.code).toBe(0);
    expect(await sql(t, 'SELECT name FROM auth_group ORDER BY 1')).toEqual([{ name: 'editors' }, { name: 'from_json' }, { name: 'from_stdin' }, { name: 'viewers' }]);

    const exportedYaml = await cli(t, ['export']);
    expect(exportedYaml.code).toBe(0);
    expect(parse(exportedYaml.stdout).users.groucho).toMatchObject({ email: 'groucho@example.com', staff: true, groups: ['editors'] });
    const exportedJson = await cli(t, ['export', '--format', 'json']);
    expect(JSON.parse(exportedJson.stdout).users.harpo.password).toEqual({ unusable: true });
    const out = path.join(dir, 'backup.yaml');
    expect((await cli(t, ['export', '-o', out])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(exportedYaml.stdout);
    // The backup restores: applying it changes nothing.
    expect((await cli(t, ['apply', '-f', out, '--prune', '--yes'])).stderr.trim()).toBe('No changes.');

    const mermaid = await cli(t, ['graph']);
    expect(mermaid.stdout).toMatch(/^flowchart LR\n/);
    expect(mermaid.stdout).toContain('"groucho"');
    const dot = await cli(t, ['graph', '--format', 'dot', '--user', 'groucho']);
    expect(dot.stdout).toMatch(/^digraph access \{\n/);
  });

  it('refuses an empty backup with --prune, bad bytes on standard input and an empty --database-url, changing nothing', async () => {
    const before = await dumpAuth(t);
    const empty = await cli(t, ['apply', '-f', file(''), '--prune', '--prune-superusers', '--yes']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('lists no users, groups or permissions');
    const bytes = Buffer.concat([Buffer.from('groups:\n  a'), Buffer.from([0xc3, 0x28]), Buffer.from(': []\n')]);
    const invalid = await cli(t, ['apply', '-f', '-', '--yes'], bytes);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr.trim()).toBe('Error: <stdin>:2:4: not valid UTF-8 (byte 0xc3); save the file as UTF-8');
    const url = await cli(undefined, ['manage_group', 'g', '--yes', '--database-url', '']);
    expect(url.code).toBe(1);
    expect(url.stderr).toContain('--database-url is empty');
    expect(await dumpAuth(t)).toBe(before);
  });

  it('migrate by 20 processes at once: all succeed, one migrates, the others say it was up to date', async () => {
    const fresh = await serverTarget('empty');
    const results = await Promise.all(Array.from({ length: 20 }, () => cli(fresh, ['migrate'])));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: '' });
    expect(results.filter((r) => r.stdout.includes('Migrated')).length).toBe(1);
    expect(results.filter((r) => r.stdout.includes('Up to date')).length).toBe(19);
    expect((await cli(fresh, ['check'])).code).toBe(0);
  }, 180_000);
});

describe('the built CLI on an embedded database', () => {
  it('creates it, applies, exports (yaml and json) and re-applies the export with no changes', async () => {
    const t = await embeddedTarget('new');
    const applied = await cli(t, ['apply', '-f', file('groups:\n  editors: []\nusers:\n  groucho: {email: groucho@example.com, groups: [editors]}\n'), '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain(`Changes on the embedded database at ${t.dataDir}:`);
    const exported = await cli(t, ['export', '-o', path.join(dir, 'embedded.yaml')]);
    expect(exported.code).toBe(0);
    const json = await cli(t, ['export', '--format', 'json']);
    expect(JSON.parse(json.stdout).users.groucho.groups).toEqual(['editors']);
    expect((await cli(t, ['apply', '-f', path.join(dir, 'embedded.yaml'), '--prune', '--yes'])).stderr.trim()).toBe('No changes.');
    // Five cold starts of PGlite in new processes: slow on a loaded machine.
  }, 240_000);
});

describe.skipIf(!hasTmux || !pgServer())('the built CLI on a terminal (tmux)', () => {
  let terminal: Terminal | undefined;
  afterEach(() => terminal?.close());

  it('asks before applying, and applies on "y"', async () => {
    const t = await serverTarget('django');
    terminal = new Terminal(accessctl('manage_group', 'editors', ...t.options));
    const screen = await terminal.waitFor('Apply these changes?');
    expect(screen).toContain('+ group editors');
    await terminal.keys('y');
    expect(await terminal.exitCode()).toBe(0);
    expect(await sql(t, 'SELECT name FROM auth_group')).toEqual([{ name: 'editors' }]);
  });

  it("shows the console's first screen, and quits on q", async () => {
    const t = await serverTarget('django');
    await cli(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    terminal = new Terminal(accessctl(...t.options));
    const screen = await terminal.waitFor('1 of 1 users');
    expect(screen).toContain('groucho');
    await terminal.keys('q');
    expect(await terminal.exitCode()).toBe(0);
  });
});

describe('the management commands through the built CLI', () => {
  it.skipIf(!pgServer())(
    'dbshell, showmigrations, sqlmigrate, shell (stdin and -c) and completion on a PostgreSQL server',
    async () => {
      const t = await serverTarget('empty');
      expect((await cli(t, ['showmigrations', '--check'])).code).toBe(1);
      expect((await cli(t, ['migrate'])).code).toBe(0);
      expect(await cli(t, ['showmigrations', '--check'])).toMatchObject({ code: 0, stdout: 'accessctl\n [X] 0001-django-auth\n [X] 0002-change-log\n' });
      const printed = await cli(undefined, ['sqlmigrate', '0001']);
      expect(printed.stdout).toMatch(/^BEGIN;\nCREATE TABLE public\.auth_group \([\s\S]*\nCOMMIT;\n$/);
      // The target's options go before `--`: what follows is psql's.
      const psql = await cli(undefined, [...t.options, 'dbshell', '--', '-At', '-c', 'select count(*) from auth_permission']);
      expect(psql).toMatchObject({ code: 0, stdout: '16\n' });
      const repl = await cli(t, ['shell'], "await apply({ groups: { smoke: ['auth:user:view_user'] } }, { yes: true })\n(await em.find(Group, {})).map((g) => g.name)\n");
      expect(repl.code).toBe(0);
      expect(repl.stdout).toContain("[ 'smoke' ]");
      expect(await cli(t, ['shell', '-c', 'await em.count(Group)'])).toMatchObject({ code: 0, stdout: '1\n' });
      const completion = await cli(undefined, ['completion', 'bash']);
      expect(completion.stdout).toContain('complete -F _accessctl accessctl');
    },
    240_000,
  );

  it('dbshell and shell on an embedded database', async () => {
    const t = await embeddedTarget('migrated');
    expect(await cli(undefined, [...t.options, 'dbshell', '--', '-At', '-c', 'select count(*) from auth_group'])).toMatchObject({ code: 0, stdout: '0\n' });
    const repl = await cli(t, ['shell'], "await sql.query('select count(*)::int as n from auth_permission')\n");
    expect(repl.stdout).toContain('[ { n: 16 } ]');
  }, 240_000);
});
