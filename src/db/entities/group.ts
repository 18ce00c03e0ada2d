import { defineEntity, p } from '@mikro-orm/core';
import { Permission } from './permission.js';

/** auth_group. */
export const Group = defineEntity({
  name: 'Group',
  tableName: 'auth_group',
  properties: {
    id: p.integer().primary().fieldName('id'),
    name: p.string().length(150).unique('auth_group_name_key').fieldName('name'),
  },
});

/** auth_group_permissions: Django's implicit many-to-many table, which has its own id. */
export const GroupPermission = defineEntity({
  name: 'GroupPermission',
  tableName: 'auth_group_permissions',
  properties: {
    id: p.integer().primary().fieldName('id'),
    group: () => p.manyToOne(Group).fieldName('group_id').deferMode('deferred'),
    permission: () => p.manyToOne(Permission).fieldName('permission_id').deferMode('deferred'),
  },
  uniques: [{ properties: ['group', 'permission'], name: 'auth_group_permissions_group_id_permission_id_0cd325b0_uniq' }],
});
