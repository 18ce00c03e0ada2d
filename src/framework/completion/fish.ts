import type { CompletionModel, CompletionOption } from './model.js';

/** A value in single quotes for fish. */
const q = (text: string) => `'${text.replace(/[\\']/g, '\\$&')}'`;

function line(option: CompletionOption, condition?: string): string {
  const parts = ['complete -c accessctl', ...(condition ? [`-n ${q(condition)}`] : []), `-l ${option.long.slice(2)}`];
  if (option.short) parts.push(`-s ${option.short.slice(1)}`);
  const value = option.value;
  if (value?.kind === 'choices') parts.push('-x', `-a ${q(value.values.join(' '))}`);
  else if (value?.kind === 'file') parts.push('-r', '-F');
  else if (value?.kind === 'directory') parts.push('-x', `-a '(__fish_complete_directories)'`);
  else if (value) parts.push('-x');
  parts.push(`-d ${q(option.help)}`);
  return parts.join(' ');
}

/** A fish completion script: saved as ~/.config/fish/completions/accessctl.fish. */
export function fishScript(model: CompletionModel): string {
  const names = model.commands.map((c) => c.name).join(' ');
  const lines = [
    '# accessctl completion for fish. Install: accessctl completion fish > ~/.config/fish/completions/accessctl.fish',
    'complete -c accessctl -f',
    ...model.globals.map((o) => line(o)),
    ...model.commands.map((c) => `complete -c accessctl -n ${q(`not __fish_seen_subcommand_from ${names}`)} -a ${c.name} -d ${q(c.help)}`),
  ];
  for (const c of model.commands) {
    const condition = `__fish_seen_subcommand_from ${c.name}`;
    lines.push(...c.options.map((o) => line(o, condition)));
    if (c.argumentValues.length) lines.push(`complete -c accessctl -n ${q(condition)} -a ${q(c.argumentValues.join(' '))}`);
  }
  return `${lines.join('\n')}\n`;
}
