// Seeds a database for the console's scale targets: USERS users (default 100,000), 1,000 groups,
// 5,000 permissions (250 models of 20), each group with 20 permissions, each user in 3 groups.
// Usage: tsx scripts/seed-scale.ts DATABASE_URL [USERS]   (the auth schema must exist: accessctl migrate)
import pg from 'pg';

export async function seedScale(url: string, users = 100_000): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(`INSERT INTO django_content_type (app_label, model) SELECT 'bench', 'model' || m FROM generate_series(1, 250) m`);
    await client.query(`INSERT INTO auth_permission (name, content_type_id, codename)
      SELECT 'Can do ' || c || ' on ' || ct.model, ct.id, 'perm' || c || '_' || ct.model
        FROM django_content_type ct, generate_series(1, 20) c WHERE ct.app_label = 'bench'`);
    await client.query(`INSERT INTO auth_group (name) SELECT 'group' || lpad(g::text, 4, '0') FROM generate_series(1, 1000) g`);
    await client.query(`INSERT INTO auth_group_permissions (group_id, permission_id)
      SELECT g.id, p.id FROM auth_group g JOIN LATERAL (
        SELECT id FROM auth_permission WHERE id % 1000 = g.id % 1000 LIMIT 20) p ON true`);
    await client.query(
      `INSERT INTO auth_user (password, last_login, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
      SELECT '!unusable' || u, NULL, false, 'user' || lpad(u::text, 6, '0'), '', '', 'user' || u || '@example.com', u % 50 = 0, true, now()
        FROM generate_series(1, $1::int) u`,
      [users],
    );
    await client.query(`INSERT INTO auth_user_groups (user_id, group_id)
      SELECT u.id, g.id FROM auth_user u CROSS JOIN generate_series(0, 2) k
        JOIN auth_group g ON g.name = 'group' || lpad((((u.id * 7 + k * 331) % 1000) + 1)::text, 4, '0')`);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } finally {
    await client.end();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, count] = process.argv.slice(2);
  if (!url) {
    console.error('usage: tsx scripts/seed-scale.ts DATABASE_URL [USERS]');
    process.exit(2);
  }
  await seedScale(url, count ? Number(count) : undefined);
  console.log('seeded');
}
