import { Box, Text } from 'ink';
import React from 'react';
import { permissionPartsProblem } from '../../../domain/names.js';
import { formatPermission, permissionKey } from '../../../domain/permission-ref.js';
import { printable, quoted } from '../../../domain/text.js';
import { useConsole } from '../context.js';
import { Picker } from '../picker.js';
import { TextField } from '../text-field.js';

type Step = { kind: 'model' } | { kind: 'codename'; appLabel: string; model: string } | { kind: 'name'; key: string; codename: string };

/** Django's default name for a permission it makes ("Can add thing"): a start the person may keep. */
const suggestedName = (codename: string) => `Can ${codename.replace(/_/g, ' ')}`;

/**
 * A new permission, as a model's Meta.permissions declares one: on an existing model (content
 * type), a codename and a name. It is a pending edit like any other, checked at entry (the form
 * Django requires, the codename not taken).
 */
export function NewPermission({ height, onDone }: { height: number; onDone(): void }) {
  const app = useConsole();
  const [step, setStep] = React.useState<Step>({ kind: 'model' });
  const [checking, setChecking] = React.useState(false);
  const refOf = (appLabel: string, model: string, codename: string) => ({ appLabel, model, codename, given: `${appLabel}:${model}:${codename}` });
  if (step.kind === 'model') {
    return (
      <Picker
        title="new permission: choose its model (APP_LABEL:MODEL of an existing content type)"
        height={height}
        onError={app.fail}
        load={async (filter, window) => {
          const { rows, total } = await app.backend.contentTypes({ filter: filter || undefined, ...window });
          return { items: rows.map((ct) => ({ value: `${ct.appLabel}:${ct.model}`, label: printable(`${ct.appLabel}:${ct.model}`) })), total };
        }}
        onPick={([value]) => {
          if (!value) return onDone();
          const colon = value.indexOf(':');
          setStep({ kind: 'codename', appLabel: value.slice(0, colon), model: value.slice(colon + 1) });
        }}
        onCancel={onDone}
      />
    );
  }
  if (step.kind === 'codename') {
    const { appLabel, model } = step;
    const problem = (codename: string) => (codename ? permissionPartsProblem(refOf(appLabel, model, codename)) : undefined);
    return (
      <Box flexDirection="column">
        <TextField
          key="codename"
          label={`new permission ${printable(`${appLabel}:${model}`)}:`}
          validate={problem}
          onSubmit={(codename) => {
            if (!codename) return onDone();
            const bad = problem(codename);
            if (bad) return app.notify(bad);
            const key = permissionKey({ appLabel, model, codename });
            setChecking(true);
            app.backend.permissions(formatPermission(key)).then(
              (found) => {
                setChecking(false);
                if (found.some((p) => p.key === key)) return app.notify(`permission ${quoted(formatPermission(key))} exists already`);
                if (app.edits.some((e) => e.kind === 'permission.create' && e.permission === key))
                  return app.notify(`permission ${quoted(formatPermission(key))} is pending already`);
                setStep({ kind: 'name', key, codename });
              },
              (error: Error) => {
                setChecking(false);
                app.fail(error);
              },
            );
          }}
          onCancel={onDone}
        />
        <Text dimColor>{checking ? 'checking the codename…' : 'the codename, as in Meta.permissions (e.g. publish_post); enter goes on to its name'}</Text>
      </Box>
    );
  }
  const { key, codename } = step;
  const [appLabel = '', model = ''] = key.split(':');
  const problem = (name: string) => permissionPartsProblem(refOf(appLabel, model, codename), name);
  return (
    <Box flexDirection="column">
      <TextField
        key="name"
        label={`name of ${printable(formatPermission(key))}: `}
        initial={suggestedName(codename)}
        validate={problem}
        onSubmit={(name) => {
          const bad = problem(name);
          if (bad) return app.notify(bad);
          app.edit({ kind: 'permission.create', permission: key, name });
          app.notify(`New permission ${formatPermission(key)} pending: a reviews and applies it.`);
          onDone();
        }}
        onCancel={onDone}
      />
      <Text dimColor>the name people read (Django shows it in the admin), at most 255 characters</Text>
    </Box>
  );
}
