import { defineEntity, p } from '@mikro-orm/core';
import type { UserModel } from '../../domain/user-model.js';
import { Group } from './group.js';
import { Permission } from './permission.js';
import { User, UserGroup, UserPermission } from './user.js';

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A property for a column of the user table, from its SQL type as the database reports it. */
function property(name: string, type: string, notNull: boolean) {
  const base =
    type === 'boolean' ? p.boolean() : type.startsWith('timestamp') ? p.datetime().columnType(type) : /^(integer|bigint|smallint)$/.test(type) ? p.integer() : p.string();
  const typed = notNull ? base : base.nullable();
  // A Django password hash: loaded only when asked for, and never in a printed entity.
  return name === 'password' ? typed.fieldName(name).hidden().lazy() : typed.fieldName(name);
}

/**
 * User, UserGroup and UserPermission for the project's user model (AUTH_USER_MODEL): its table, its
 * columns as the database has them, and its two join tables. Django's own auth.User keeps the fixed
 * entities (with Django's constraint names).
 */
export function userModelEntities(model: UserModel) {
  if (model.label === 'auth.User' && model.table === 'auth_user') return { User, UserGroup, UserPermission };
  const properties: Record<string, unknown> = {};
  for (const [name, column] of model.columns) {
    properties[camel(name)] = name === model.pk ? property(name, column.type, true).primary() : property(name, column.type, column.notNull);
  }
  // The columns are known only at run time: the entity is typed loosely, as the shell uses it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ModelUser: any = defineEntity({ name: 'User', tableName: model.table, properties: properties as never });
  const link = (name: string, table: UserModel['groups'], other: typeof Group | typeof Permission, otherProperty: string) =>
    defineEntity({
      name,
      tableName: table.table,
      properties: {
        id: p.integer().primary().fieldName('id'),
        user: () => p.manyToOne(ModelUser).fieldName(table.user).deferMode('deferred'),
        [otherProperty]: () =>
          p
            .manyToOne(other as typeof Group)
            .fieldName(table.other)
            .deferMode('deferred'),
      } as never,
    });
  return {
    User: ModelUser,
    UserGroup: link('UserGroup', model.groups, Group, 'group'),
    UserPermission: link('UserPermission', model.permissions, Permission, 'permission'),
  };
}
