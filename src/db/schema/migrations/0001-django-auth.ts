import { Migration } from '@mikro-orm/migrations';
import { DJANGO_AUTH_DDL } from '../django-auth-ddl.js';
import { seedSql } from '../django-auth-seed.js';

/** Creates Django's auth schema and its seed rows on a database that has neither. */
export class Migration0001DjangoAuth extends Migration {
  override async up(): Promise<void> {
    this.addSql(DJANGO_AUTH_DDL);
    this.addSql(seedSql());
  }

  override async down(): Promise<void> {
    this.addSql(
      'DROP TABLE public.auth_user_user_permissions, public.auth_user_groups, public.auth_user, ' +
        'public.auth_group_permissions, public.auth_group, public.auth_permission, public.django_content_type;',
    );
  }
}
