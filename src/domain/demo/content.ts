import type { AccessFileOut, AccessUser } from '../access-file/document.js';

/**
 * The demo sandbox's content: what a small company's Django site would hold. Django's own apps
 * (auth and contenttypes, which every new database already has, then admin and sessions) and three
 * sample apps with Django's default permissions, a few custom ones and a proxy model; teams as
 * groups; people as users, among them every case a newcomer should meet. Everything here is a
 * constant, so that two builds write identical rows, ids included.
 */

interface Model {
  model: string;
  /** Django's verbose_name, which names the default permissions ("Can add log entry"). */
  verbose: string;
  custom?: Record<string, string>;
}

/** In INSTALLED_APPS order, as Django's migrate creates their content types. */
const APPS: [string, Model[]][] = [
  ['admin', [{ model: 'logentry', verbose: 'log entry' }]],
  // Every new database has these two already (accessctl's migrate writes them as Django's does).
  [
    'auth',
    [
      { model: 'permission', verbose: 'permission' },
      { model: 'group', verbose: 'group' },
      { model: 'user', verbose: 'user' },
    ],
  ],
  ['contenttypes', [{ model: 'contenttype', verbose: 'content type' }]],
  ['sessions', [{ model: 'session', verbose: 'session' }]],
  [
    'blog',
    [
      { model: 'category', verbose: 'category' },
      { model: 'post', verbose: 'post', custom: { publish_post: 'Can publish post' } },
      { model: 'comment', verbose: 'comment' },
    ],
  ],
  [
    'shop',
    [
      { model: 'product', verbose: 'product' },
      { model: 'customer', verbose: 'customer' },
      { model: 'order', verbose: 'order', custom: { refund_order: 'Can refund order' } },
    ],
  ],
  [
    'support',
    [
      { model: 'ticket', verbose: 'ticket', custom: { escalate_ticket: 'Can escalate ticket' } },
      // A proxy model of Ticket: Django gives it its own content type and permissions.
      { model: 'urgentticket', verbose: 'urgent ticket' },
    ],
  ],
];

const ACTIONS = ['add', 'change', 'delete', 'view'] as const;

const perms = (app: string, model: string, ...codenames: string[]) => codenames.map((c) => `${app}:${model}:${c}`);
const crud = (app: string, model: string, ...actions: (typeof ACTIONS)[number][]) => perms(app, model, ...actions.map((a) => `${a}_${model}`));

/** Teams, each with exactly the permissions its work needs. */
export const DEMO_GROUPS: Record<string, string[]> = {
  auditors: [
    ...crud('admin', 'logentry', 'view'),
    ...crud('blog', 'post', 'view'),
    ...crud('shop', 'order', 'view'),
    ...crud('shop', 'customer', 'view'),
    ...crud('support', 'ticket', 'view'),
  ],
  authors: [...crud('blog', 'post', 'add', 'change', 'view'), ...crud('blog', 'category', 'view'), ...crud('blog', 'comment', 'view')],
  editors: [
    ...crud('blog', 'post', 'add', 'change', 'delete', 'view'),
    ...perms('blog', 'post', 'publish_post'),
    ...crud('blog', 'category', 'add', 'change', 'view'),
    ...crud('blog', 'comment', 'change', 'delete', 'view'),
  ],
  finance: [...crud('shop', 'order', 'change', 'view'), ...perms('shop', 'order', 'refund_order'), ...crud('shop', 'customer', 'view')],
  moderators: [...crud('blog', 'comment', 'change', 'delete', 'view'), ...crud('blog', 'post', 'view')],
  shop_managers: [
    ...crud('shop', 'product', 'add', 'change', 'delete', 'view'),
    ...crud('shop', 'order', 'change', 'view'),
    ...crud('shop', 'customer', 'change', 'view'),
  ],
  support_agents: [
    ...crud('support', 'ticket', 'add', 'change', 'view'),
    ...crud('support', 'urgentticket', 'view'),
    ...crud('shop', 'order', 'view'),
    ...crud('shop', 'customer', 'view'),
  ],
  support_leads: [
    ...crud('support', 'ticket', 'add', 'change', 'delete', 'view'),
    ...perms('support', 'ticket', 'escalate_ticket'),
    ...crud('support', 'urgentticket', 'add', 'change', 'delete', 'view'),
  ],
  warehouse: [...crud('shop', 'product', 'change', 'view'), ...crud('shop', 'order', 'view')],
};

export interface DemoPerson {
  username: string;
  firstName: string;
  lastName: string;
  staff?: boolean;
  superuser?: boolean;
  active?: boolean;
  groups?: string[];
  permissions?: string[];
}

/** The people a lesson names, each showing one case of Django's rules. */
const NOTABLE: DemoPerson[] = [
  { username: 'grace', firstName: 'Grace', lastName: 'Hopper', staff: true, superuser: true },
  { username: 'sam', firstName: 'Sam', lastName: 'Okafor', superuser: true },
  { username: 'henry', firstName: 'Henry', lastName: 'Walsh', staff: true },
  { username: 'carol', firstName: 'Carol', lastName: 'Jensen', active: false, groups: ['support_agents'] },
  {
    username: 'dave',
    firstName: 'Dave',
    lastName: 'Moreau',
    groups: ['authors'],
    permissions: ['blog:post:publish_post', 'blog:post:view_post', 'shop:order:view_order'],
  },
  { username: 'bob', firstName: 'Bob', lastName: 'Lindqvist', groups: ['finance', 'warehouse'] },
  { username: 'maria', firstName: 'Maria', lastName: 'Garcia', groups: ['warehouse'] },
];

/** Everyone else: a first and last name, and the team they are in. Leads of a team are staff. */
const TEAMS: [string, string, string[], boolean?][] = [
  ['amelia', 'Clarke', ['editors'], true],
  ['arjun', 'Patel', ['authors']],
  ['beatriz', 'Santos', ['authors']],
  ['chen', 'Wei', ['authors', 'moderators']],
  ['chloe', 'Martin', ['moderators']],
  ['daniel', 'Kowalski', ['editors']],
  ['elena', 'Popescu', ['editors'], true],
  ['emma', 'Schmidt', ['authors']],
  ['fatima', 'Hassan', ['support_agents']],
  ['felix', 'Bauer', ['support_agents']],
  ['gabriel', 'Rossi', ['support_leads'], true],
  ['hana', 'Sato', ['support_agents']],
  ['ines', 'Ferreira', ['support_agents']],
  ['isaac', 'Cohen', ['finance']],
  ['jack', 'Murphy', ['warehouse']],
  ['julia', 'Novak', ['finance'], true],
  ['kenji', 'Tanaka', ['shop_managers'], true],
  ['laura', 'Dubois', ['authors']],
  ['leo', 'Andersen', ['warehouse']],
  ['lucas', 'Silva', ['support_agents']],
  ['lucy', 'Evans', ['auditors']],
  ['mateo', 'Herrera', ['shop_managers']],
  ['mei', 'Lin', ['support_leads']],
  ['mohammed', 'Ali', ['warehouse']],
  ['nadia', 'Ivanova', ['finance']],
  ['noah', 'Fischer', ['support_agents']],
  ['nora', 'Berg', ['moderators']],
  ['oliver', 'Brown', ['editors', 'moderators']],
  ['omar', 'Haddad', ['warehouse']],
  ['paula', 'Romero', ['auditors'], true],
  ['pierre', 'Laurent', ['shop_managers']],
  ['priya', 'Sharma', ['support_agents', 'auditors']],
  ['quentin', 'Moreau', ['authors']],
  ['rafael', 'Costa', ['warehouse']],
  ['rosa', 'Jimenez', ['finance', 'auditors']],
  ['ruth', 'Adler', ['editors']],
  ['sara', 'Nilsson', ['support_agents']],
  ['sofia', 'Ricci', ['authors']],
  ['tariq', 'Aziz', ['shop_managers', 'warehouse']],
  ['theo', 'Becker', []],
  ['uma', 'Reddy', ['support_leads']],
  ['victor', 'Petrov', ['warehouse']],
  ['wendy', 'Clark', ['finance']],
  ['xavier', 'Dupont', ['moderators']],
  ['yara', 'Khalil', ['support_agents']],
  ['yusuf', 'Demir', ['shop_managers']],
  ['zoe', 'Taylor', ['authors']],
  ['zara', 'Ahmed', []],
  ['liam', 'OConnor', ['authors']],
  ['anna', 'Kovacs', ['editors']],
  ['ben', 'Wright', ['warehouse']],
  ['clara', 'Meyer', ['finance']],
];

export const DEMO_PEOPLE: DemoPerson[] = [
  ...NOTABLE,
  ...TEAMS.map(([username, lastName, groups, staff]) => ({
    username,
    firstName: username.charAt(0).toUpperCase() + username.slice(1),
    lastName,
    staff: Boolean(staff),
    groups,
  })),
];

/** The catalogue as an access file lists it: app -> model -> codename -> name. */
function catalogue(): AccessFileOut['permissions'] {
  const out: AccessFileOut['permissions'] = {};
  for (const [app, models] of APPS) {
    out[app] = {};
    for (const { model, verbose, custom } of models) {
      const codenames: Record<string, string> = {};
      for (const action of ACTIONS) codenames[`${action}_${model}`] = `Can ${action} ${verbose}`;
      out[app][model] = { ...codenames, ...custom };
    }
  }
  return out;
}

const sorted = (values: string[]) => [...values].sort();

/**
 * The demo as an access file, in the order Django would create it (apps in INSTALLED_APPS order,
 * models in definition order). `demo --print` writes it; `export` of a new sandbox writes the same
 * content, sorted.
 */
export function demoDocument(): AccessFileOut {
  const groups = Object.fromEntries(Object.entries(DEMO_GROUPS).map(([name, list]) => [name, sorted(list)]));
  const users = Object.fromEntries(
    DEMO_PEOPLE.map((person): [string, AccessUser] => [
      person.username,
      {
        email: `${person.username}@example.com`,
        staff: person.staff ?? false,
        superuser: person.superuser ?? false,
        active: person.active ?? true,
        groups: sorted(person.groups ?? []),
        permissions: sorted(person.permissions ?? []),
      },
    ]),
  );
  return { permissions: catalogue(), groups, users };
}
