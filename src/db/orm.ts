import type { ConnectionOptions } from 'node:tls';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../../mikro-orm.config.js';
import type { ConnectionSettings } from './database.js';

export async function openOrm(connection: ConnectionSettings, tls?: false | ConnectionOptions): Promise<MikroORM> {
  return MikroORM.init(ormConfig(connection, tls));
}
