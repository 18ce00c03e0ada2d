import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pbkdf2Sync } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { djangoProject, hasDjango, type DjangoProject, type DjangoTarget } from './support/django-project.js';
import { Database } from '../src/db/database.js';
import { KEY, renderConsole } from './support/console.js';
import { cleanEnv, pgServer, run, sql, type Target } from './support/targets.js';
import { tempFolder } from './support/temp-folders.js';

/** Django's recommended start: accounts.User(AbstractUser), and two models that share a custom codename. */
const ACCOUNTS = `
from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    pass


class Post(models.Model):
    title = models.CharField(max_length=100)
    author = models.ForeignKey(User, null=True, on_delete=models.CASCADE)

    class Meta:
        permissions = [("publish", "Can publish posts")]


class Page(models.Model):
    title = models.CharField(max_length=100)

    class Meta:
        permissions = [("publish", "Can publish pages")]
`;

/** Login by email, no username/first_name/is_staff, a required column of its own, and a db_table off Django's rule. */
const MEMBERS = `
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models


class MemberManager(BaseUserManager):
    def get_by_natural_key(self, email):
        return self.get(email=email)


class Member(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = MemberManager()

    class Meta:
        db_table = "people"
`;

/** Every row of the tables, in id order: "the database exactly as it was" means this is equal. */
async function dump(t: Target, tables: string[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) parts.push(`${table}: ${JSON.stringify(await sql(t, `SELECT * FROM ${table} ORDER BY id`))}`);
  return parts.join('\n');
}

const projectDir = (config?: object) => {
  const dir = tempFolder('accessctl-project-');
  if (config) writeFileSync(path.join(dir, 'accessctl.config.json'), JSON.stringify(config));
  return dir;
};

/** A run that changed nothing. */
const unchanged = (result: { code: number; stderr: string }) =>
  result.code === 0 && result.stderr.trim().split('\n').pop() === 'No changes.' && !/^[+~-] /m.test(result.stderr);

const skip = !hasDjango || !pgServer();

describe.skipIf(skip)('a Django project with accounts.User(AbstractUser)', () => {
  let project: DjangoProject;
  const TABLES = ['auth_group', 'auth_group_permissions', 'auth_permission', 'accounts_user', 'accounts_user_groups', 'accounts_user_user_permissions'];
  const as = (t: Target, args: string[]) => run(t, [...args, '--user-model', 'accounts.User']);
  beforeAll(async () => {
    project = await djangoProject('accounts', 'accounts.User', ACCOUNTS);
  });

  it('without configuration, check and every command say which setting names the custom user model, and write nothing', async () => {
    const t = await project.fresh();
    const before = await dump(t, TABLES);
    const checked = await run(t, ['check']);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(
      'no auth_user table, but a custom user model: accounts.user (table accounts_user). Name it with --user-model APP_LABEL.MODEL (or ACCESSCTL_USER_MODEL, or "userModel" in accessctl.config.json)',
    );
    const command = await run(t, ['manage_user', 'groucho', 'groucho@example.com', '--yes']);
    expect(command.code).toBe(1);
    expect(command.stderr.trim().split('\n')).toHaveLength(1);
    expect(command.stderr).toContain('Name it with --user-model');
    const migrated = await run(t, ['migrate']);
    expect(migrated.code).toBe(1);
    expect(migrated.stderr).toContain('accessctl does not create user tables');
    expect(await sql(t, `SELECT to_regclass('auth_user') AS t`)).toEqual([{ t: null }]);
    expect(await dump(t, TABLES)).toBe(before);
  });

  it('writes users, groups and permissions that Django reads back; every command a second time is a no-op', async () => {
    const t = await project.fresh();
    const hash = `pbkdf2_sha256$260000$saltsaltsalt$${pbkdf2Sync('groucho-secret', 'saltsaltsalt', 260000, 32, 'sha256').toString('base64')}`;
    const commands = [
      ['manage_group', 'editors', '-p', 'accounts:post:publish', 'accounts.add_page', '--yes'],
      ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'editors', '--initial-password-hash', hash, '--yes'],
      ['manage_user', 'harpo', 'harpo@example.com', '--superuser', '--yes'],
      ['manage_user', 'chico', 'chico@example.com', '--unusable-password', '--yes'],
    ];
    for (const args of commands) expect((await as(t, args)).code).toBe(0);
    const after = await dump(t, TABLES);
    for (const args of commands) expect(unchanged(await as(t, args))).toBe(true);
    expect(await dump(t, TABLES)).toBe(after);

    const groucho = JSON.parse(await project.django(t, 'user', 'groucho'));
    expect(groucho).toMatchObject({
      username: 'groucho',
      email: 'groucho@example.com',
      is_staff: true,
      is_superuser: false,
      is_active: true,
      first_name: '',
      groups: ['editors'],
    });
    expect(await project.django(t, 'check-password', 'groucho', 'groucho-secret')).toBe('True');
    expect(await project.django(t, 'perms', 'groucho')).toBe('accounts.add_page\naccounts.publish');
    expect(await project.django(t, 'has-perm', 'groucho', 'accounts.publish')).toBe('True');
    expect(await project.django(t, 'has-perm', 'harpo', 'accounts.delete_post')).toBe('True');
    expect(await project.django(t, 'usable', 'chico')).toBe('False');
    expect(await sql(t, `SELECT to_regclass('auth_user') AS t`)).toEqual([{ t: null }]);

    expect((await as(t, ['manage_user', 'chico', 'chico@example.com', '--remove', '--yes'])).code).toBe(0);
    expect(await project.django(t, 'count')).toBe('2');
  });

  it('export, apply, graph, check and migrate work on it; the configuration may come from ACCESSCTL_USER_MODEL or accessctl.config.json', async () => {
    const t = await project.fresh();
    const viaEnv = (args: string[]) => run(t, args, { env: cleanEnv({ ACCESSCTL_USER_MODEL: 'accounts.User' }) });
    const viaFile = (args: string[]) => run(undefined, args, { cwd: projectDir({ userModel: 'accounts.User', databaseUrl: t.url }), env: cleanEnv() });
    const policy = path.join(projectDir(), 'access.yaml');
    writeFileSync(
      policy,
      'groups:\n  editors: [accounts.publish_post_missing]\n'.replace('accounts.publish_post_missing', 'accounts:Page:publish') +
        'users:\n  groucho:\n    email: groucho@example.com\n    active: false\n    groups: [editors]\n    permissions: [accounts.view_post]\n',
    );
    const applied = await viaEnv(['apply', '-f', policy, '--yes']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toContain('+ user groucho: accounts:post:view_post');
    expect(unchanged(await viaFile(['apply', '-f', policy, '--yes']))).toBe(true);
    expect(await project.django(t, 'has-perm', 'groucho', 'accounts.view_post')).toBe('False'); // inactive, as Django says

    const exported = await viaFile(['export']);
    expect(exported.stdout).toContain(
      'groucho:\n    email: groucho@example.com\n    staff: false\n    superuser: false\n    active: false\n    groups:\n      - editors\n    permissions:\n      - accounts:post:view_post',
    );
    writeFileSync(policy, exported.stdout);
    expect(unchanged(await viaEnv(['apply', '-f', policy, '--yes']))).toBe(true);
    expect((await viaEnv(['graph', '--user', 'groucho'])).stdout).toContain('accounts:post:view_post');

    const checked = await viaFile(['check']);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('user model accounts.User (table accounts_user, login username)');
    const migrated = await viaEnv(['migrate']);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain("Django's tables are left as they are");
    expect(await sql(t, `SELECT to_regclass('auth_user') AS t`)).toEqual([{ t: null }]);
  });

  it("--actor writes the admin history on the custom model; removing a user removes what they wrote (Django's CASCADE) and refuses when the project's rows point to them", async () => {
    const t = await project.fresh();
    const ok = async (args: string[]) => expect((await as(t, [...args, '--yes'])).code).toBe(0);
    await ok(['manage_user', 'admin', 'admin@example.com', '--staff', '--superuser']);
    await ok(['manage_user', 'harpo', 'harpo@example.com', '--staff', '--actor', 'admin']);
    await ok(['manage_user', 'chico', 'chico@example.com', '--actor', 'harpo']);
    // As the admin does it: the add form (username), then the change form (the other fields).
    const written = [
      { flag: 1, model: 'accounts.user', repr: 'harpo', actor: 'admin', message: 'Added.' },
      { flag: 2, model: 'accounts.user', repr: 'harpo', actor: 'admin', message: 'Changed Email address and Staff status.' },
      { flag: 1, model: 'accounts.user', repr: 'chico', actor: 'harpo', message: 'Added.' },
      { flag: 2, model: 'accounts.user', repr: 'chico', actor: 'harpo', message: 'Changed Email address.' },
    ];
    expect(JSON.parse(await project.django(t, 'history'))).toEqual(written);

    // harpo wrote history: Django's admin deletes it with harpo (LogEntry.user is on_delete=CASCADE).
    await ok(['manage_user', 'harpo', 'harpo@example.com', '--remove', '--actor', 'admin']);
    expect(JSON.parse(await project.django(t, 'history'))).toEqual([
      ...written.slice(0, 2),
      { flag: 3, model: 'accounts.user', repr: 'harpo', actor: 'admin', message: '' },
    ]);

    // A post of chico's: what happens to it is the project's rule, so accessctl refuses and changes nothing.
    await sql(t, `INSERT INTO accounts_post (title, author_id) SELECT 'Hello', id FROM accounts_user WHERE username = 'chico'`);
    const tables = [...TABLES, 'accounts_post', 'django_admin_log'];
    const before = await dump(t, tables);
    const refused = await as(t, ['manage_user', 'chico', 'chico@example.com', '--remove', '--actor', 'admin', '--yes']);
    expect(refused.code).toBe(1);
    const error = refused.stderr.trim().split('\n').pop()!;
    expect(error).toMatch(/^Error: cannot remove the user: 1 row of "accounts_post" \(column "author_id"\) point to it, .*deactivate the user instead/);
    expect(await dump(t, tables)).toBe(before);
  });

  it("shell: em's User, UserGroup and UserPermission are the project's model (accounts_user and its join tables)", async () => {
    const t = await project.fresh();
    expect((await as(t, ['manage_group', 'editors', '-p', 'accounts.add_page', '--yes'])).code).toBe(0);
    expect((await as(t, ['manage_user', 'groucho', 'groucho@example.com', '--staff', '-g', 'editors', '--yes'])).code).toBe(0);
    const read = await as(t, [
      'shell',
      '-c',
      "(await em.find(UserGroup, {}, { populate: ['user', 'group'] })).map((m) => [m.user.username, m.user.isStaff, m.group.name])",
    ]);
    expect(read.stderr).toBe('');
    expect(read.stdout.trim()).toBe("[ [ 'groucho', true, 'editors' ] ]");
    const written = await as(t, [
      'shell',
      '-c',
      "(em.create(User, { username: 'zeppo', password: '!x', isSuperuser: false, firstName: '', lastName: '', email: 'zeppo@example.com', isStaff: false, isActive: true, dateJoined: new Date() }), await em.flush())",
    ]);
    expect(written.code, written.stderr).toBe(0);
    expect(await project.django(t, 'count')).toBe('2');
  });

  it("works on a schema other than public, named by --schema or by the URL's options=-c search_path", async () => {
    const t: DjangoTarget = await project.fresh();
    await sql(t, 'ALTER SCHEMA public RENAME TO tenant; CREATE SCHEMA public');
    t.schema = 'tenant';
    const withSchema = await as(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'editors', '--schema', 'tenant', '--yes']);
    expect(withSchema.code).toBe(0);
    expect(withSchema.stderr).toContain('Could not find a group named "editors"');
    const url = `${t.url}?options=${encodeURIComponent('-c search_path=tenant')}`;
    const viaUrl = await run(undefined, ['manage_group', 'editors', '-p', 'accounts.add_post', '--database-url', url, '--user-model', 'accounts.User', '--yes']);
    expect(viaUrl.code).toBe(0);
    expect((await as(t, ['manage_user', 'groucho', 'groucho@example.com', '-g', 'editors', '--schema', 'tenant', '--yes'])).code).toBe(0);
    expect(await project.django(t, 'has-perm', 'groucho', 'accounts.add_post')).toBe('True');
    expect((await run(undefined, ['check', '--database-url', url, '--user-model', 'accounts.User'])).code).toBe(0);
    const missing = await as(t, ['check', '--schema', 'nowhere']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/^Error: schema "nowhere" does not exist in postgres:\/\/postgres:\*\*\*@/);
    // Without the schema, public is empty: nothing there is mistaken for the project's tables.
    expect((await as(t, ['check'])).code).toBe(1);
  });
});

describe.skipIf(skip)('a Django project with AbstractBaseUser + PermissionsMixin, USERNAME_FIELD = "email" and a required column', () => {
  let project: DjangoProject;
  const TABLES = ['auth_group', 'auth_group_permissions', 'people', 'people_groups', 'people_user_permissions'];
  const configured =
    (t: Target, config: object = {}) =>
    (args: string[]) =>
      run(undefined, args, { cwd: projectDir({ userModel: 'members.Member', databaseUrl: t.url, ...config }), env: cleanEnv() });
  beforeAll(async () => {
    project = await djangoProject('members', 'members.Member', MEMBERS);
  });

  it('names the required column before writing anything, and refuses flags the model lacks and a name that is not the email', async () => {
    const t = await project.fresh();
    const accessctl = configured(t);
    const before = await dump(t, TABLES);
    const required = await accessctl(['manage_user', 'ann@example.com', 'ann@example.com', '--yes']);
    expect(required.code).toBe(1);
    expect(required.stderr.trim()).toBe(
      'Error: cannot create user "ann@example.com": column people.display_name of the user model members.Member is required (NOT NULL, no default) and accessctl has no value for it; give one in accessctl.config.json: "newUserValues": {"display_name": …}',
    );
    const staff = await accessctl(['manage_user', 'ann@example.com', 'ann@example.com', '--staff', '--yes']);
    expect(staff.stderr).toContain('Error: the user model members.Member has no is_staff field: user "ann@example.com" cannot be made staff');
    const disagree = await accessctl(['manage_user', 'ann@example.com', 'bob@example.com', '--yes']);
    expect(disagree.stderr).toContain(
      'Error: the user model members.Member logs in by email: the name "ann@example.com" and the email "bob@example.com" must be the same address',
    );
    expect(await dump(t, TABLES)).toBe(before);
  });

  it("shell: em's User is the model's own table (people), with its own columns", async () => {
    const t = await project.fresh();
    const accessctl = configured(t, { newUserValues: { display_name: 'Ann' } });
    expect((await accessctl(['manage_user', 'ann@example.com', 'ann@example.com', '--yes'])).code).toBe(0);
    const read = await accessctl(['shell', '-c', '(await em.find(User, {})).map((u) => [u.email, u.displayName, u.isActive])']);
    expect(read.stderr).toBe('');
    expect(read.stdout.trim()).toBe("[ [ 'ann@example.com', 'Ann', true ] ]");
  });

  it('with the value configured, creates members Django logs in by email; finds the tables by their foreign keys; twice is a no-op', async () => {
    const t = await project.fresh();
    const accessctl = configured(t, { newUserValues: { display_name: 'New member' } });
    const commands = [
      ['manage_group', 'editors', '-p', 'auth.view_group', 'members:member:change_member', '--yes'],
      ['manage_user', 'ann@example.com', 'ann@example.com', '-g', 'editors', '--yes'],
      ['manage_user', 'bob@example.com', 'Bob@Example.com', '--superuser', '--yes'],
    ];
    for (const args of commands) {
      const result = await accessctl(args);
      expect(result.stderr).not.toContain('Error');
      expect(result.code).toBe(0);
    }
    const after = await dump(t, TABLES);
    for (const args of commands) expect(unchanged(await accessctl(args))).toBe(true);
    expect(await dump(t, TABLES)).toBe(after);

    expect(JSON.parse(await project.django(t, 'user', 'ann@example.com'))).toMatchObject({
      email: 'ann@example.com',
      display_name: 'New member',
      is_active: true,
      is_superuser: false,
      groups: ['editors'],
    });
    expect(await project.django(t, 'usable', 'ann@example.com')).toBe('True');
    expect(await project.django(t, 'has-perm', 'ann@example.com', 'members.change_member')).toBe('True');
    expect(await project.django(t, 'has-perm', 'ann@example.com', 'members.delete_member')).toBe('False');
    expect(await project.django(t, 'has-perm', 'bob@example.com', 'members.delete_member')).toBe('True');

    const file = path.join(projectDir(), 'access.json');
    const exported = await accessctl(['export', '-o', file]);
    expect(exported.code).toBe(0);
    expect(unchanged(await accessctl(['apply', '-f', file, '--yes']))).toBe(true);
    writeFileSync(file, JSON.stringify({ users: { 'ann@example.com': { email: 'ann@example.com', active: false, groups: ['editors'] } } }));
    expect((await accessctl(['apply', '-f', file, '--yes'])).code).toBe(0);
    expect(JSON.parse(await project.django(t, 'user', 'ann@example.com'))).toMatchObject({ is_active: false });
    expect((await accessctl(['graph', '--group', 'editors'])).stdout).toContain('ann@example.com');
    const checked = await accessctl(['check']);
    expect(checked.stdout).toContain('user model members.Member (table people, login email)');
    expect((await accessctl(['manage_user', 'ann@example.com', 'ann@example.com', '--remove', '--yes'])).code).toBe(0);
    expect(await project.django(t, 'count')).toBe('1');
  });

  it('the console lists, opens and edits members by their email login', async () => {
    const t = await project.fresh();
    const accessctl = configured(t, { newUserValues: { display_name: 'New member' } });
    expect((await accessctl(['manage_group', 'editors', '--yes'])).code).toBe(0);
    expect((await accessctl(['manage_user', 'ann@example.com', 'ann@example.com', '--yes'])).code).toBe(0);
    const db = await Database.open({ kind: 'server', url: t.url! }, { userModel: { label: 'members.Member', newUserValues: { display_name: 'New member' } } });
    try {
      const c = renderConsole(db);
      const list = await c.waitFor('1 of 1 users');
      expect(list).toMatch(/ann@example\.com\s+ann@example\.com\s+-\s+-\s+yes\s+0/);
      await c.press(KEY.enter);
      await c.waitFor('groups (0)');
      await c.press('g');
      await c.waitFor('groups of ann@example.com');
      await c.press(...'editors', KEY.enter);
      await c.waitFor('1 pending change');
      await c.press('a');
      await c.waitFor('+ user ann@example.com: group editors');
      await c.press('y');
      await c.waitFor('Apply complete: 1 added, 0 changed, 0 removed.');
      // The user screen reads the member again after the apply: wait for it before closing the connection.
      await c.waitFor('groups (1)');
      c.ui.unmount();
    } finally {
      await db.close();
    }
    expect(JSON.parse(await project.django(t, 'user', 'ann@example.com'))).toMatchObject({ groups: ['editors'] });
  });
});
