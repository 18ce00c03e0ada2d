import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_DJANGO_TARGET } from './support/each-target.js';
import { cleanEnv, dumpAuth, pgServer, run } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

const inFolder = (files: Record<string, unknown>) => {
  const dir = tempFolder('accessctl-config-');
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
};
const runIn = (cwd: string, args: string[]) => run(undefined, args, { cwd, env: cleanEnv() });

describe('the project configuration file', () => {
  it('refuses a bad accessctl.config.json with one line per problem naming the key and value, before opening any database', async () => {
    const cwd = inFolder({ 'accessctl.config.json': { userModel: 'accounts', schema: 3, colour: 'red', newUserValues: { 'bad name': 1 } } });
    const result = await runIn(cwd, ['check']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').sort()).toEqual(
      [
        'Error: accessctl.config.json: (the whole file): unknown key "colour"',
        'Error: accessctl.config.json: newUserValues.bad name: expected a column name, got "bad name"',
        'Error: accessctl.config.json: schema: expected string, got number',
        'Error: accessctl.config.json: userModel: expected APP_LABEL.MODEL, as AUTH_USER_MODEL (e.g. "accounts.User"), got "accounts"',
      ].sort(),
    );
    expect((await runIn(inFolder({ 'accessctl.config.json': '{"userModel": ' }), ['check'])).stderr).toMatch(
      /^Error: (cannot read accessctl\.config\.json|accessctl\.config\.json is not valid JSON): /,
    );
    const secret = await runIn(inFolder({ 'accessctl.config.json': { databaseUrl: 'mysql://u:hunter2@h/db' } }), ['check']);
    expect(secret.stderr).toContain('databaseUrl: expected postgres://USER:PASSWORD@HOST:PORT/DATABASE');
    expect(secret.stderr).not.toContain('hunter2');
  });

  it.skipIf(!pgServer())("reads the database URL and user model from accessctl.config.json, else from package.json's accessctl key; options win", async () => {
    const t = await SERVER_DJANGO_TARGET.make();
    const before = await dumpAuth(t);
    const fromFile = await runIn(inFolder({ 'accessctl.config.json': { databaseUrl: t.url, userModel: 'auth.User' } }), ['check']);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toContain('Usable: postgres://postgres:***@');
    const fromPackage = await runIn(inFolder({ 'package.json': { name: 'site', accessctl: { databaseUrl: t.url, commandDirs: [] } } }), ['check']);
    expect(fromPackage.code).toBe(0);
    const wrongModel = await runIn(inFolder({ 'accessctl.config.json': { databaseUrl: t.url } }), [
      'manage_user',
      'groucho',
      'g@example.com',
      '--user-model',
      'shop.Customer',
      '--yes',
    ]);
    expect(wrongModel.stderr.trim()).toBe(
      `Error: the user model shop.Customer has no table "shop_customer" in the database (Django's name for it; if its db_table differs, set "tables": {"user": …} in accessctl.config.json)`,
    );
    expect(await dumpAuth(t)).toBe(before);
  });
});

describe.skipIf(!pgServer())('TLS settings in the database URL', () => {
  it('passes sslmode through with libpq meaning; a wrong one is one clear line', async () => {
    const t = await SERVER_DJANGO_TARGET.make();
    // The test server has no TLS: disable and prefer (which falls back, as libpq does) connect.
    expect((await run(undefined, ['check', '--database-url', `${t.url}?sslmode=disable`])).code).toBe(0);
    expect((await run(undefined, ['check', '--database-url', `${t.url}?sslmode=prefer`])).code).toBe(0);
    const required = await run(undefined, ['check', '--database-url', `${t.url}?sslmode=require`]);
    expect(required.code).toBe(1);
    expect(required.stderr.trim()).toMatch(
      /^Error: could not connect to postgres:\/\/postgres:\*\*\*@[^ ]+sslmode=require: The server does not support SSL connections$/,
    );
    const bogus = await run(undefined, ['check', '--database-url', `${t.url}?sslmode=sometimes`]);
    expect(bogus.stderr.trim()).toBe('Error: invalid sslmode "sometimes" in the database URL: choose from disable, allow, prefer, require, verify-ca, verify-full');
    const noCert = await run(undefined, ['check', '--database-url', `${t.url}?sslmode=verify-full&sslrootcert=/nonexistent/root.crt`]);
    expect(noCert.stderr.trim()).toBe('Error: cannot read sslrootcert "/nonexistent/root.crt" named in the database URL: no such file');
    for (const result of [required, bogus, noCert]) expect(result.stderr).not.toContain(pgServer()!.password);
  });
});
