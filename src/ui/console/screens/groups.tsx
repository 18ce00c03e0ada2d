import { Text } from 'ink';
import React from 'react';
import { groupKey, type GroupFilter, type GroupRow, type GroupSort } from '../../../domain/read-models.js';
import { groupNameProblem } from '../../../domain/names.js';
import { useConsole } from '../context.js';
import { ListScreen, type Column } from '../list-screen.js';
import { TextField } from '../text-field.js';
import { useNameCheck } from '../use-name-check.js';
import { describeGroupFilter, GROUP_SORT_NAMES, GROUP_SORTS, parseGroupFilter } from '../group-filter.js';

/** Every group with member and permission counts, a page at a time. */
export function GroupsScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [creating, setCreating] = React.useState<'no' | 'typing' | 'checking' | 'filters'>('no');
  const [where, setWhere] = React.useState<GroupFilter>({});
  const [sort, setSort] = React.useState<GroupSort>('name');
  const taken = useNameCheck('group');
  const nameWidth = Math.max(12, app.width - 28);
  const columns: Column<GroupRow>[] = [
    { title: 'GROUP', width: nameWidth, value: (r) => r.name },
    { title: 'MEMBERS', width: 10, value: (r) => String(r.members) },
    { title: 'PERMISSIONS', width: 12, value: (r) => String(r.permissions) },
  ];
  return (
    <ListScreen<GroupRow>
      noun="groups"
      isActive={isActive}
      source={(filter) => ({
        fetch: (request) => app.backend.groupsPage({ ...request, filter: filter || undefined, where, sort }),
        count: () => app.backend.countGroups(filter || undefined, where),
        keyOf: (row) => groupKey(row, sort),
      })}
      keyOf={(row) => row.name}
      columns={columns}
      onOpen={(row) => app.push({ kind: 'group', name: row.name })}
      onKey={(key) => {
        // A new group is edited like any other before it is applied: N opens the newest one.
        if (key.input === 'N') {
          const newest = app.edits.filter((e) => e.kind === 'group.create').at(-1);
          if (newest && 'group' in newest) app.push({ kind: 'group', name: newest.group });
          else app.notify('No new group is pending.');
          return;
        }
        if (key.input === 'f') {
          setCreating('filters');
          app.notify('filters: empty (! for not), has:APP:MODEL:CODENAME, member:USERNAME');
          return;
        }
        if (key.input === 'o') return setSort(GROUP_SORTS[(GROUP_SORTS.indexOf(sort) + 1) % GROUP_SORTS.length]!);
        if (key.input !== 'c' && key.input !== 'n') return false;
        if (!app.refuseEdit()) setCreating('typing');
      }}
      panel={
        creating === 'filters' ? (
          <TextField
            key="filters"
            label="filters: "
            initial={describeGroupFilter(where)}
            validate={(text) => {
              const parsed = parseGroupFilter(text);
              return 'problem' in parsed ? parsed.problem : undefined;
            }}
            onSubmit={(text) => {
              const parsed = parseGroupFilter(text);
              if ('problem' in parsed) return app.notify(parsed.problem);
              setWhere(parsed.filter);
              setCreating('no');
            }}
            onCancel={() => setCreating('no')}
          />
        ) : creating === 'checking' ? (
          <Text dimColor>checking the name…</Text>
        ) : creating === 'typing' ? (
          <TextField
            key="new-group"
            label="new group, name: "
            validate={(name) => (name ? (groupNameProblem(name) ?? taken.problem(name)) : undefined)}
            onSubmit={(name) => {
              if (!name) return setCreating('no');
              const problem = groupNameProblem(name) ?? taken.problem(name);
              if (problem) return app.notify(problem);
              setCreating('checking');
              taken.check(name).then((found) => {
                if (found) {
                  app.notify(found);
                  return setCreating('typing');
                }
                app.edit({ kind: 'group.create', group: name });
                setCreating('no');
                app.notify(`New group ${name} pending: N opens it, to give it permissions and members before it is applied.`);
              }, app.fail);
            }}
            onCancel={() => setCreating('no')}
          />
        ) : undefined
      }
      queryKey={`${describeGroupFilter(where)}\u0000${sort}`}
      note={[sort === 'name' ? '' : `sorted by ${GROUP_SORT_NAMES[sort]}`, describeGroupFilter(where)].filter(Boolean).join(' · ')}
      emptyText={describeGroupFilter(where) ? 'no group matches the filters (f changes them)' : 'no groups yet (c creates one)'}
    />
  );
}
