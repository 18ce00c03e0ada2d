import { defineEntity, p } from '@mikro-orm/core';

/** django_content_type: one row per model; `model` is stored in lower case. */
export const ContentType = defineEntity({
  name: 'ContentType',
  tableName: 'django_content_type',
  properties: {
    id: p.integer().primary().fieldName('id'),
    appLabel: p.string().length(100).fieldName('app_label'),
    model: p.string().length(100).fieldName('model'),
  },
  uniques: [{ properties: ['appLabel', 'model'], name: 'django_content_type_app_label_model_76bd3d3b_uniq' }],
});
