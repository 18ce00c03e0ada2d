import { bashScript } from './bash.js';
import { fishScript } from './fish.js';
import type { CompletionModel } from './model.js';
import { zshScript } from './zsh.js';

export function script(shell: 'bash' | 'zsh' | 'fish', model: CompletionModel): string {
  return { bash: bashScript, zsh: zshScript, fish: fishScript }[shell](model);
}
