import { defineEntity, p } from '@mikro-orm/core';
import { ContentType } from './content-type.js';

/** auth_permission: a codename on one content type, with a human name. */
export const Permission = defineEntity({
  name: 'Permission',
  tableName: 'auth_permission',
  properties: {
    id: p.integer().primary().fieldName('id'),
    name: p.string().length(255).fieldName('name'),
    contentType: () => p.manyToOne(ContentType).fieldName('content_type_id').deferMode('deferred'),
    codename: p.string().length(100).fieldName('codename'),
  },
  uniques: [{ properties: ['contentType', 'codename'], name: 'auth_permission_content_type_id_codename_01ab375a_uniq' }],
});
