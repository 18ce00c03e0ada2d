import React from 'react';
import { userKey, type UserFilter, type UserRow, type UserSort } from '../../../domain/read-models.js';
import { emailFormatProblem, normalizeUsername, usernameProblem } from '../../../domain/names.js';
import { useConsole } from '../context.js';
import { HOLD } from '../keys/router.js';
import { GroupPicker } from '../pickers.js';
import { ListScreen, type Column } from '../list-screen.js';
import { yesNo } from '../rows.js';
import { TextField } from '../text-field.js';
import { useNameCheck } from '../use-name-check.js';
import { describeUserFilter, parseUserFilter, SORT_NAMES, SORTS } from '../user-filter.js';

type Mode =
  { kind: 'browse' } | { kind: 'filters' } | { kind: 'new-username'; initial?: string } | { kind: 'new-email'; username: string } | { kind: 'groups'; users: UserRow[] };

/** Every user, sorted by username, a page at a time; / filters by username or email in the database. */
export function UsersScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [mode, setMode] = React.useState<Mode>({ kind: 'browse' });
  const taken = useNameCheck('user');
  const [where, setWhere] = React.useState<UserFilter>({});
  const [sort, setSort] = React.useState<UserSort>('username');
  const browse = () => setMode({ kind: 'browse' });
  const w = app.width - 2;
  // A picker under the list takes most of the screen; the list keeps a few rows above it.
  const pickerRows = Math.max(6, app.height - 7);
  const columns: Column<UserRow>[] = [
    { title: 'USERNAME', width: Math.max(10, Math.floor(w * 0.28)), value: (r) => r.username },
    { title: 'EMAIL', width: Math.max(10, Math.floor(w * (sort === 'username' ? 0.36 : 0.22))), value: (r) => r.email },
    { title: 'STAFF', width: 6, value: (r) => yesNo(r.isStaff) },
    { title: 'SUPER', width: 6, value: (r) => yesNo(r.isSuperuser) },
    { title: 'ACTIVE', width: 7, value: (r) => yesNo(r.isActive) },
    { title: 'GROUPS', width: 6, value: (r) => String(r.groups) },
    ...(sort === 'username'
      ? []
      : [
          {
            title: sort === 'last_login' ? 'LAST LOGIN' : 'JOINED',
            width: 10,
            value: (r: UserRow) => (sort === 'last_login' ? (r.lastLogin ?? 'never') : r.dateJoined).slice(0, 10),
          },
        ]),
  ];
  const panel =
    mode.kind === 'filters' ? (
      <TextField
        key="filters"
        label="filters: "
        initial={describeUserFilter(where)}
        validate={(text) => {
          const parsed = parseUserFilter(text);
          return 'problem' in parsed ? parsed.problem : undefined;
        }}
        onSubmit={(text) => {
          const parsed = parseUserFilter(text);
          if ('problem' in parsed) return app.notify(parsed.problem);
          setWhere(parsed.filter);
          browse();
        }}
        onCancel={browse}
      />
    ) : mode.kind === 'new-username' ? (
      <TextField
        key="new-username"
        label="new user, username: "
        validate={(name) => (name ? (usernameProblem(name) ?? taken.problem(name)) : undefined)}
        initial={mode.initial}
        onSubmit={(typed) => {
          // Django stores usernames NFKC-normalised: so is the one typed here.
          const username = normalizeUsername(typed);
          if (!username) return browse();
          const problem = usernameProblem(username) ?? taken.problem(username);
          if (problem) return app.notify(problem);
          // The email is typed while the database is asked whether the name is free.
          setMode({ kind: 'new-email', username });
          taken.check(username).then((found) => {
            if (!found) return;
            app.notify(found);
            setMode((m) => (m.kind === 'new-email' && m.username === username ? { kind: 'new-username', initial: username } : m));
          }, app.fail);
        }}
        onCancel={browse}
      />
    ) : mode.kind === 'new-email' ? (
      <TextField
        key="new-email"
        label={`new user ${mode.username}, email: `}
        validate={(email) => (email ? emailFormatProblem(email) : undefined)}
        onSubmit={(email) => {
          const problem = emailFormatProblem(email);
          if (problem) return app.notify(problem);
          app.edit({ kind: 'user.create', username: mode.username, email });
          browse();
          app.push({ kind: 'user', username: mode.username });
        }}
        onCancel={browse}
      />
    ) : mode.kind === 'groups' ? (
      <GroupPicker users={mode.users} height={pickerRows} onDone={browse} />
    ) : undefined;
  return (
    <ListScreen<UserRow>
      noun="users"
      isActive={isActive}
      source={(filter) => ({
        fetch: (request) => app.backend.usersPage({ ...request, filter: filter || undefined, where, sort }),
        count: () => app.backend.countUsers(filter || undefined, where),
        keyOf: (row) => userKey(row, sort),
      })}
      keyOf={(row) => row.username}
      columns={columns}
      onOpen={(row) => app.push({ kind: 'user', username: row.username })}
      onKey={(key, rows, reading) => {
        if (key.input === 'f') {
          setMode({ kind: 'filters' });
          app.notify('filters: staff, superuser, active (! for not), group:NAME, holds:APP:MODEL:CODENAME');
        } else if (key.input === 'o') setSort(SORTS[(SORTS.indexOf(sort) + 1) % SORTS.length]!);
        else if (key.input === 'c' || key.input === 'n') {
          if (!app.refuseEdit()) setMode({ kind: 'new-username' });
        } else if (key.input === 'm') {
          if (!rows.length) return reading ? HOLD : undefined;
          if (!app.refuseEdit()) setMode({ kind: 'groups', users: rows });
        } else return false;
      }}
      panel={panel}
      panelRows={mode.kind === 'groups' ? pickerRows : undefined}
      queryKey={`${describeUserFilter(where)}\u0000${sort}`}
      note={[sort === 'username' ? '' : `sorted by ${SORT_NAMES[sort]}`, describeUserFilter(where)].filter(Boolean).join(' · ')}
      emptyText={describeUserFilter(where) ? 'no user matches the filters (f changes them)' : 'no users yet (c creates one)'}
    />
  );
}
