import { Migration } from '@mikro-orm/migrations';
import { CHANGE_LOG_DDL } from '../change-log-ddl.js';

/** accessctl's change log: the only table accessctl adds to a database Django created. */
export class Migration0002ChangeLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(CHANGE_LOG_DDL);
  }

  override async down(): Promise<void> {
    this.addSql('DROP TABLE public.accessctl_change_log; DROP FUNCTION public.accessctl_change_log_append_only();');
  }
}
