/**
 * The content types and permissions Django's `migrate` writes for the auth and contenttypes apps,
 * in its order (test/fixtures/django-3.2-auth-seed-data.sql).
 */
export const DJANGO_AUTH_SEED: { appLabel: string; model: string; verbose: string }[] = [
  { appLabel: 'auth', model: 'permission', verbose: 'permission' },
  { appLabel: 'auth', model: 'group', verbose: 'group' },
  { appLabel: 'auth', model: 'user', verbose: 'user' },
  { appLabel: 'contenttypes', model: 'contenttype', verbose: 'content type' },
];

/** Django's default permissions of a model, in the order it creates them. */
export const DEFAULT_ACTIONS = ['add', 'change', 'delete', 'view'] as const;

export function seedSql(): string {
  const types = DJANGO_AUTH_SEED.map((t) => `('${t.appLabel}', '${t.model}')`).join(', ');
  const permissions = DJANGO_AUTH_SEED.flatMap((t) =>
    DEFAULT_ACTIONS.map(
      (action) =>
        `('Can ${action} ${t.verbose}', (SELECT id FROM public.django_content_type WHERE app_label = '${t.appLabel}' AND model = '${t.model}'), '${action}_${t.model}')`,
    ),
  ).join(',\n  ');
  return `INSERT INTO public.django_content_type (app_label, model) VALUES ${types};
INSERT INTO public.auth_permission (name, content_type_id, codename) VALUES
  ${permissions};`;
}
