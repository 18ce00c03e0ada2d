import { ContentType } from './content-type.js';
import { Group, GroupPermission } from './group.js';
import { Permission } from './permission.js';
import { User, UserGroup, UserPermission } from './user.js';

export { ContentType, Group, GroupPermission, Permission, User, UserGroup, UserPermission };

/** Every entity, in the order Django creates their tables. */
export const ENTITIES = [ContentType, Permission, Group, GroupPermission, User, UserGroup, UserPermission];
