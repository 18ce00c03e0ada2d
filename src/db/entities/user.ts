import { defineEntity, p } from '@mikro-orm/core';
import { Group } from './group.js';
import { Permission } from './permission.js';

/** auth_user, Django's default user model. `password` holds a Django password hash: never print it. */
export const User = defineEntity({
  name: 'User',
  tableName: 'auth_user',
  properties: {
    id: p.integer().primary().fieldName('id'),
    password: p.string().length(128).fieldName('password').hidden().lazy(),
    lastLogin: p.datetime().nullable().fieldName('last_login').columnType('timestamptz'),
    isSuperuser: p.boolean().fieldName('is_superuser'),
    username: p.string().length(150).unique('auth_user_username_key').fieldName('username'),
    firstName: p.string().length(150).fieldName('first_name'),
    lastName: p.string().length(150).fieldName('last_name'),
    email: p.string().length(254).fieldName('email'),
    isStaff: p.boolean().fieldName('is_staff'),
    isActive: p.boolean().fieldName('is_active'),
    dateJoined: p.datetime().fieldName('date_joined').columnType('timestamptz'),
  },
});

/** auth_user_groups. */
export const UserGroup = defineEntity({
  name: 'UserGroup',
  tableName: 'auth_user_groups',
  properties: {
    id: p.integer().primary().fieldName('id'),
    user: () => p.manyToOne(User).fieldName('user_id').deferMode('deferred'),
    group: () => p.manyToOne(Group).fieldName('group_id').deferMode('deferred'),
  },
  uniques: [{ properties: ['user', 'group'], name: 'auth_user_groups_user_id_group_id_94350c0c_uniq' }],
});

/** auth_user_user_permissions: a user's direct permissions. */
export const UserPermission = defineEntity({
  name: 'UserPermission',
  tableName: 'auth_user_user_permissions',
  properties: {
    id: p.integer().primary().fieldName('id'),
    user: () => p.manyToOne(User).fieldName('user_id').deferMode('deferred'),
    permission: () => p.manyToOne(Permission).fieldName('permission_id').deferMode('deferred'),
  },
  uniques: [{ properties: ['user', 'permission'], name: 'auth_user_user_permissions_user_id_permission_id_14a6b632_uniq' }],
});
