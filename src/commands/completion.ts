import { defineCommand } from '../framework/command.js';

export default defineCommand({
  help: 'Print a shell completion script (bash, zsh or fish): commands, options and choice values',
  description:
    'Install it once:\n' +
    '  bash: accessctl completion bash > ~/.local/share/bash-completion/completions/accessctl\n' +
    '  zsh:  accessctl completion zsh > "${fpath[1]}/_accessctl"\n' +
    '  fish: accessctl completion fish > ~/.config/fish/completions/accessctl.fish\n' +
    'User and group names are not completed: that would open the database on every Tab.',
  arguments: [{ name: 'shell', help: 'bash, zsh or fish', choices: ['bash', 'zsh', 'fish'] }],
  async handle({ args, services, stdout }) {
    const [{ completionModel }, scripts] = await Promise.all([import('../framework/completion/model.js'), import('../framework/completion/scripts.js')]);
    const commands = await Promise.all([...services.commands.values()].map((entry) => entry.load().catch(() => undefined)));
    const model = completionModel(commands.filter((c) => c !== undefined));
    stdout.write(scripts.script(args.shell as 'bash' | 'zsh' | 'fish', model));
  },
});
