import type { CompletionModel, CompletionOption } from './model.js';

const words = (values: string[]) => values.join(' ');
const flags = (options: CompletionOption[]) => options.flatMap((o) => (o.short ? [o.short, o.long] : [o.long]));

/** The `case "$prev"` arms that complete an option's value; returns from the function when they match. */
function valueArms(options: CompletionOption[], indent: string): string[] {
  return options
    .filter((o) => o.value)
    .map((o) => {
      const pattern = o.short ? `${o.short}|${o.long}` : o.long;
      const value = o.value!;
      const action =
        value.kind === 'choices'
          ? `COMPREPLY=($(compgen -W "${words(value.values)}" -- "$cur"))`
          : value.kind === 'file'
            ? 'COMPREPLY=($(compgen -f -- "$cur"))'
            : value.kind === 'directory'
              ? 'COMPREPLY=($(compgen -d -- "$cur"))'
              : 'COMPREPLY=()';
      return `${indent}${pattern}) ${action}; return 0 ;;`;
    });
}

/** A bash completion script: `source <(accessctl completion bash)`. */
export function bashScript(model: CompletionModel): string {
  const globalValueFlags = model.globals.filter((o) => o.value).flatMap((o) => (o.short ? [o.short, o.long] : [o.long]));
  const arms = model.commands.map((c) =>
    [
      `    ${c.name})`,
      '      case "$prev" in',
      ...valueArms(c.options, '        '),
      '      esac',
      `      opts="${words(flags(c.options))}"`,
      `      args="${words(c.argumentValues)}"`,
      '      ;;',
    ].join('\n'),
  );
  return `# accessctl completion for bash. Install: accessctl completion bash > ~/.local/share/bash-completion/completions/accessctl
_accessctl() {
  COMPREPLY=()
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev=""
  (( COMP_CWORD > 0 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd="" i word
  for (( i = 1; i < COMP_CWORD; i++ )); do
    word="\${COMP_WORDS[i]}"
    case "$word" in
      --) [[ -n "$cmd" ]] && return 0 ;;
      ${globalValueFlags.join('|')}) (( i++ )) ;;
      -*) ;;
      *) [[ -z "$cmd" ]] && cmd="$word" ;;
    esac
  done
  case "$prev" in
${valueArms(model.globals, '    ').join('\n')}
  esac
  local opts="" args=""
  case "$cmd" in
    "")
      if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "${words(flags(model.globals))} --version" -- "$cur"))
      else
        COMPREPLY=($(compgen -W "${words(model.commands.map((c) => c.name))}" -- "$cur"))
      fi
      return 0
      ;;
${arms.join('\n')}
    *) return 0 ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts ${words(flags(model.globals))}" -- "$cur"))
  elif [[ -n "$args" ]]; then
    COMPREPLY=($(compgen -W "$args" -- "$cur"))
  fi
  return 0
}
complete -F _accessctl accessctl
`;
}
