import { Text } from 'ink';
import React from 'react';
import type { GroupRow } from '../../../domain/read-models.js';
import { groupNameProblem } from '../../../domain/names.js';
import { useConsole } from '../context.js';
import { ListScreen, type Column } from '../list-screen.js';
import { TextField } from '../text-field.js';
import { useNameCheck } from '../use-name-check.js';

/** Every group with member and permission counts, a page at a time. */
export function GroupsScreen({ isActive }: { isActive: boolean }) {
  const app = useConsole();
  const [creating, setCreating] = React.useState<'no' | 'typing' | 'checking'>('no');
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
        fetch: (request) => app.backend.groupsPage({ ...request, filter: filter || undefined }),
        count: () => app.backend.countGroups(filter || undefined),
        keyOf: (row) => row.name,
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
        if (key.input !== 'c' && key.input !== 'n') return false;
        if (!app.refuseEdit()) setCreating('typing');
      }}
      panel={
        creating === 'checking' ? (
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
      emptyText="no groups yet (c creates one)"
    />
  );
}
