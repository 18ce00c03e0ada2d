import { Box, Text } from 'ink';
import React from 'react';
import type { Screen } from './context.js';
import { GLOBAL_KEYS, SCREEN_KEYS, SCREEN_TITLES, type KeyHint } from './keys/catalog.js';
import { LAYER, useKeys } from './keys/router.js';
import { useScroll } from './use-scroll.js';

const GLOSSARY: [string, string][] = [
  ['user', 'a person (or a service) who can log in to the Django site: a row of auth_user.'],
  ['group', 'a named set of permissions; a user holds every permission of the groups they are in.'],
  ['permission', 'the right to do one thing to one kind of object: APP_LABEL:MODEL:CODENAME, e.g. myapp:thing:add_thing.'],
  ['content type', "Django's record of one model of one app (django_content_type): the MODEL part of a permission."],
  ['proxy model', "a model that reuses another model's table; its permissions are its own content type's (myapp:specialthing:…)."],
  ['staff', 'is_staff: may log in to the Django admin. It grants no permission by itself.'],
  ['superuser', 'is_superuser: holds every permission without being given it. A superuser who is not staff cannot open the admin.'],
  ['active', 'is_active: an inactive user cannot log in and holds no permission at all, even as a superuser.'],
];

/** Every key, grouped by screen (the screen shown first), and a short glossary for newcomers. */
/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

export function helpLines(current: Screen['kind'], readOnly: boolean, width = 80): { text: string; bold?: boolean }[] {
  const shown = (hints: KeyHint[]) => hints.filter((h) => !readOnly || !h.edits);
  const section = (title: string, hints: KeyHint[]) => [{ text: title, bold: true }, ...shown(hints).map((h) => ({ text: `  ${h.keys.padEnd(12)} ${h.what}` }))];
  const order = [current, ...(Object.keys(SCREEN_KEYS) as Screen['kind'][]).filter((k) => k !== current)];
  const lines = [...section('Everywhere', GLOBAL_KEYS)];
  for (const kind of order) lines.push({ text: '' }, ...section(`${SCREEN_TITLES[kind]}${kind === current ? ' (this screen)' : ''}`, SCREEN_KEYS[kind]));
  lines.push({ text: '' }, { text: 'Words', bold: true });
  for (const [word, meaning] of GLOSSARY) {
    wrap(meaning, Math.max(20, width - 16)).forEach((part, i) => lines.push({ text: `  ${(i ? '' : word).padEnd(14)}${part}` }));
  }
  return lines;
}

export function HelpScreen({
  current,
  readOnly,
  height,
  width,
  onClose,
}: {
  current: Screen['kind'];
  readOnly: boolean;
  height: number;
  width: number;
  onClose(): void;
}) {
  const lines = helpLines(current, readOnly, width);
  const scroll = useScroll(lines.length, height - 1);
  useKeys(
    (key) => {
      if (scroll.handle(key)) return;
      if (key.name === 'escape' || key.input === '?' || key.input === 'q') onClose();
      else if (key.input === '^c') return false;
    },
    { layer: LAYER.panel },
  );
  return (
    <Box flexDirection="column">
      <Text bold>Keys and words — j/k scroll · esc or ? closes</Text>
      {lines.slice(scroll.start, scroll.end).map((line, i) => (
        <Text key={scroll.start + i} bold={line.bold} wrap="truncate">
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
