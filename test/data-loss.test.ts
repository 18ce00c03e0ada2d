import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { DJANGO_TARGETS, describeEachTarget } from './support/each-target.js';
import { cleanEnv, dumpAuth, run, sql, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const dir = tempFolder('accessctl-dataloss-');
let files = 0;
const file = (content: string | Buffer, ext = 'yaml') => {
  const name = path.join(dir, `f${files++}.${ext}`);
  writeFileSync(name, content);
  return name;
};

const usernames = async (t: Target) => (await sql(t, 'SELECT username FROM auth_user ORDER BY 1')).map((r) => r.username);
const groupNames = async (t: Target) => (await sql(t, 'SELECT name FROM auth_group ORDER BY 1')).map((r) => r.name);

/** The command fails with one line on stderr, naming `expected` (each test then checks the auth tables are as they were). */
async function refuses(t: Target, argv: string[], expected: string | RegExp, options: Parameters<typeof run>[2] = {}) {
  const result = await run(t, argv, options);
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  if (typeof expected === 'string') expect(lines[0]).toContain(expected);
  else expect(lines[0]).toMatch(expected);
  return result;
}

/** An embedded database opens PGlite for every command and every dump: minutes on a loaded machine. */
const SLOW = 300_000;

describeEachTarget('data loss', DJANGO_TARGETS, (make) => {
  let t: Target;
  beforeAll(async () => {
    t = await make();
    const users = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`user${i}`, { email: `user${i}@example.com` }]));
    const groups = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`group${i}`, []]));
    expect((await run(t, ['apply', '-f', file(JSON.stringify({ users, groups }), 'json'), '--yes'])).code).toBe(0);
  }, SLOW);

  it(
    'refuses an empty file, a file of only nulls and a file without users or groups, even with --prune',
    async () => {
      const before = await dumpAuth(t);
      for (const text of ['', '\n# nothing\n', '{}', 'null', 'users:\ngroups:\npermissions:\n']) {
        await refuses(t, ['apply', '-f', file(text), '--prune', '--prune-superusers', '--yes'], 'lists no users, groups or permissions');
      }
      await refuses(t, ['apply', '-f', file('permissions: {myapp: {thing: {add_thing: "Can add thing"}}}\n'), '--prune', '--yes'], 'lists no users and no groups');
      expect(await dumpAuth(t)).toBe(before);
    },
    SLOW,
  );

  it(
    'refuses a prune of more than 10% of the users or groups, and applies it with --max-removals',
    async () => {
      const before = await dumpAuth(t);
      const keepAll = (await usernames(t)).filter((name) => name.startsWith('user'));
      const users = Object.fromEntries(keepAll.slice(0, 10).map((name) => [name, { email: `${name}@example.com` }]));
      const groups = Object.fromEntries((await groupNames(t)).map((name) => [name, null]));
      const half = file(JSON.stringify({ users, groups }), 'json');
      const refused = await refuses(
        t,
        ['apply', '-f', half, '--prune', '--yes'],
        /--prune would remove 10 of \d+ users, more than 10% of them; nothing was changed\. .*--max-removals 10$/,
      );
      expect(refused.stderr).not.toContain('Changes on');
      await refuses(t, ['apply', '-f', half, '--prune', '--max-removals', '9', '--yes'], 'more than --max-removals 9');
      await refuses(t, ['apply', '-f', half, '--max-removals', '10', '--yes'], '--max-removals goes with --prune');
      // Within the limit: one user of 20 or more.
      const one = file(
        JSON.stringify({ users: Object.fromEntries(Object.entries(users).concat(keepAll.slice(10, 19).map((n) => [n, { email: `${n}@example.com` }]))), groups }),
        'json',
      );
      const removed = await run(t, ['apply', '-f', one, '--prune', '--dry-run']);
      expect(removed.code).toBe(0);
      expect(removed.stderr).toContain(`- user ${keepAll[19]}`);
      const applied = await run(t, ['apply', '-f', half, '--prune', '--max-removals', '10', '--dry-run']);
      expect(applied.code).toBe(0);
      expect(applied.stderr).toContain('Plan: 0 to add, 0 to change, 10 to remove.');
      expect(await dumpAuth(t)).toBe(before);
    },
    SLOW,
  );

  it(
    'names the database each plan will change, with a server password masked',
    async () => {
      const result = await run(t, ['manage_group', 'named_target', '--dry-run']);
      expect(result.code).toBe(0);
      if (t.kind === 'server') {
        const url = new URL(t.url!);
        expect(result.stderr).toContain(`Changes on postgres://${url.username}:***@${url.host}${url.pathname}:`);
        expect(result.stderr).not.toContain(decodeURIComponent(url.password));
      } else {
        expect(result.stderr).toContain(`Changes on the embedded database at ${t.dataDir}:`);
      }
    },
    SLOW,
  );

  it(
    'refuses invalid UTF-8 in a file or from standard input with its line:column, before anything is planned',
    async () => {
      const before = await dumpAuth(t);
      const bytes = Buffer.concat([Buffer.from('groups:\n  ok: []\n  a'), Buffer.from([0xff]), Buffer.from('b: []\n')]);
      const bad = file(bytes);
      await refuses(t, ['apply', '-f', bad, '--yes'], `${bad}:3:4: not valid UTF-8 (byte 0xff)`);
      const surrogateBytes = Buffer.concat([Buffer.from('{"groups": {"x'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('": []}}')]);
      await refuses(t, ['apply', '-f', file(surrogateBytes, 'json'), '--yes'], ':1:15: not valid UTF-8 (byte 0xed)');
      expect(await dumpAuth(t)).toBe(before);
    },
    SLOW,
  );

  it(
    'refuses lone surrogates, NUL and U+FFFD in a file at their place, and in arguments naming which one',
    async () => {
      const before = await dumpAuth(t);
      await refuses(t, ['apply', '-f', file('{"groups": {"a\\ud800b": []}}', 'json'), '--yes'], /:1:13: groups\.a\\ud800b: the key contains a lone surrogate/);
      await refuses(
        t,
        ['apply', '-f', file('groups:\n  nul: []\nusers:\n  u1: {email: "a\\0b@example.com"}\n'), '--yes'],
        /:4:15: users\.u1\.email: the value contains a NUL character/,
      );
      await refuses(t, ['apply', '-f', file('{"groups": {"a\ufffdb": []}}', 'json'), '--yes'], 'the key contains U+FFFD');
      await refuses(t, ['manage_group', 'a\u0000b', '--yes'], 'argument 1 after the command name, "a\\u0000b", contains a NUL character');
      await refuses(t, ['manage_group', 'a\ud800b', '--yes'], 'argument 1 after the command name, "a\\ud800b", contains a lone surrogate');
      await refuses(t, ['manage_user', 'bob', 'bob@example.com', '-g', 'a\ufffdb', '--yes'], 'argument 4 after the command name, "a\ufffdb", contains U+FFFD');
      await refuses(t, ['manage_permission', 'myapp:thing:x\u0000', '--yes'], 'contains a NUL character');
      expect(await dumpAuth(t)).toBe(before);
    },
    SLOW,
  );

  it(
    'normalises usernames as Django does (NFKC) in commands and access files',
    async () => {
      expect((await run(t, ['manage_user', '\ufb01le', 'file@example.com', '--yes'])).code).toBe(0);
      expect(await usernames(t)).toContain('file');
      expect(await usernames(t)).not.toContain('\ufb01le');
      expect((await run(t, ['manage_user', 'file', 'file@example.com', '--yes'])).stderr).toContain('No changes.');
      const again = await run(t, ['apply', '-f', file('users:\n  "\ufb01le": {email: file@example.com}\n'), '--yes']);
      expect(again.stderr.trim()).toBe('No changes.');
      await refuses(
        t,
        ['apply', '-f', file('users:\n  file: {email: file@example.com}\n  "\ufb01le": {email: file@example.com}\n'), '--yes'],
        /:3:3: users\.\ufb01le: "\ufb01le" is the same user as "file"/,
      );
    },
    SLOW,
  );

  it(
    'keeps __proto__, constructor, toString and hasOwnProperty as user and group names, in JSON and YAML, and exports them',
    async () => {
      const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
      const users = names.map((name) => `"${name}": {"email": "${name.replace(/_/g, '')}@example.com", "groups": ["${name}"]}`).join(', ');
      const groups = names.map((name) => `"${name}": ["myapp:thing:add_thing"]`).join(', ');
      const json = await run(t, ['apply', '-f', file(`{"groups": {${groups}}, "users": {${users}}}`, 'json'), '--yes']);
      expect(json.code).toBe(0);
      expect(json.stderr).toContain('Plan: 16 to add, 0 to change, 0 to remove.');
      for (const name of names) {
        expect(await usernames(t)).toContain(name);
        expect(await groupNames(t)).toContain(name);
      }
      const yamlUsers = names.map((name) => `  ${name}: {email: ${name.replace(/_/g, '')}@example.com, groups: [${name}]}`).join('\n');
      const yamlGroups = names.map((name) => `  ${name}: [myapp:thing:add_thing]`).join('\n');
      expect((await run(t, ['apply', '-f', file(`groups:\n${yamlGroups}\nusers:\n${yamlUsers}\n`), '--yes'])).stderr.trim()).toBe('No changes.');
      // A bad value under __proto__ is reported, not skipped.
      await refuses(t, ['apply', '-f', file('{"users": {"__proto__": {"email": 5}}}', 'json'), '--yes'], 'users.__proto__.email: expected string, got number');
      const exported = await run(t, ['export', '--format', 'json']);
      const document = JSON.parse(exported.stdout);
      for (const name of names) {
        expect(Object.hasOwn(document.users, name)).toBe(true);
        expect(Object.hasOwn(document.groups, name)).toBe(true);
      }
      const yaml = parse((await run(t, ['export'])).stdout);
      expect(Object.hasOwn(yaml.users, '__proto__')).toBe(true);
      expect((await run(t, ['apply', '-f', file(exported.stdout, 'json'), '--yes'])).stderr.trim()).toBe('No changes.');
    },
    SLOW,
  );

  it(
    'export -o writes a new file readable only by its owner, replaces an old one whole, and leaves no temporary file',
    async () => {
      const out = path.join(mkdtempSync(path.join(dir, 'out-')), 'backup.yaml');
      expect((await run(t, ['export', '-o', out])).code).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o600);
      expect(parse(readFileSync(out, 'utf8')).users.user0.email).toBe('user0@example.com');
      writeFileSync(out, 'old\n', { mode: 0o640 });
      const { chmodSync } = await import('node:fs');
      chmodSync(out, 0o640);
      expect((await run(t, ['export', '-o', out])).code).toBe(0);
      expect(statSync(out).mode & 0o777).toBe(0o640);
      expect(readFileSync(out, 'utf8')).toContain('user0@example.com');
      expect(readdirSync(path.dirname(out))).toEqual(['backup.yaml']);
      const missing = await run(t, ['export', '-o', path.join(dir, 'no', 'such', 'x.yaml')]);
      expect(missing.code).toBe(1);
      expect(missing.stderr.trim()).toMatch(/^Error: cannot write ".*x\.yaml": no such folder; nothing was written$/);
    },
    SLOW,
  );
});

describe('an empty database URL', () => {
  it('is an error, never the embedded database', async () => {
    const home = mkdtempSync(path.join(dir, 'home-'));
    const env = cleanEnv({ XDG_DATA_HOME: home, HOME: home });
    for (const [argv, extra, message] of [
      [['--database-url', ''], {}, '--database-url is empty'],
      [['--database-url='], {}, '--database-url is empty'],
      [[], { DATABASE_URL: '' }, 'DATABASE_URL is set but empty'],
    ] as const) {
      const result = await run(undefined, ['manage_group', 'g', '--yes', ...argv], { env: { ...env, ...extra } });
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(path.join(home, 'accessctl'))).toBe(false);
  });
});
