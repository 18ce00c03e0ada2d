import type { ConnectionOptions } from 'node:tls';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../mikro-orm.config.js';
import type { ConnectionSettings } from './database.js';

/** `userEntities`: User, UserGroup and UserPermission of the project's user model, in place of auth.User's. */
export async function openOrm(connection: ConnectionSettings, tls?: false | ConnectionOptions, userEntities?: unknown[]): Promise<MikroORM> {
  return MikroORM.init(ormConfig(connection, tls, userEntities));
}
