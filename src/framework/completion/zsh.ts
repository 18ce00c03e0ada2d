import type { CompletionModel, CompletionOption } from './model.js';

/** Text inside a zsh `_arguments` spec in single quotes: brackets and colons are its syntax. */
const describe = (text: string) => text.replace(/([[\]:\\])/g, '\\$1').replace(/'/g, `'\\''`);

function spec(option: CompletionOption): string {
  const value = option.value;
  const action = !value
    ? ''
    : value.kind === 'choices'
      ? `:value:(${value.values.join(' ')})`
      : value.kind === 'file'
        ? ':file:_files'
        : value.kind === 'directory'
          ? ':folder:_files -/'
          : ':value:';
  const help = `[${describe(option.help)}]${action}`;
  if (!option.short) return `'${option.long}${help}'`;
  return `'(${option.short} ${option.long})'{${option.short},${option.long}}'${help}'`;
}

/** A zsh completion script: saved as _accessctl in a folder of $fpath. */
export function zshScript(model: CompletionModel): string {
  const globals = model.globals.map(spec).join('\n    ');
  const commands = model.commands.map((c) => `'${c.name}:${describe(c.help)}'`).join('\n    ');
  const arms = model.commands.map((c) => {
    const positional = c.argumentValues.length ? ` '*:argument:(${c.argumentValues.join(' ')})'` : '';
    const rest = c.passThrough ? " '*::psql argument:_normal'" : positional;
    return `    ${c.name}) _arguments -s $globals ${c.options.map(spec).join(' ')}${rest} ;;`;
  });
  return `#compdef accessctl
# accessctl completion for zsh. Install: accessctl completion zsh > "\${fpath[1]}/_accessctl", then start a new shell.
_accessctl() {
  local -a globals commands
  globals=(
    ${globals}
  )
  commands=(
    ${commands}
  )
  local curcontext="$curcontext" state line
  _arguments -C -s $globals '--version[print the version]' '1:command:->command' '*::argument:->argument'
  case $state in
    command) _describe -t commands 'accessctl command' commands ;;
    argument)
      curcontext="\${curcontext%:*:*}:accessctl-$words[1]:"
      case $words[1] in
${arms.join('\n')}
      esac
      ;;
  esac
}
_accessctl "$@"
`;
}
