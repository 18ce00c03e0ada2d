import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.js';

describe('progressBar', () => {
  it('redraws one line in place as the steps go, and clears it when done', () => {
    const sink = {
      text: '',
      write(chunk: string) {
        this.text += chunk;
      },
    };
    const bar = progressBar(sink, 10);
    bar.update(0, 4, 'create users');
    bar.update(2, 4, 'add group members');
    bar.update(2, 4, 'add group members');
    bar.update(4, 4, 'committing');
    bar.done();
    const frames = sink.text
      .split('\r')
      .filter(Boolean)
      .map((frame) => frame.trimEnd());
    expect(frames).toEqual(['[----------]   0% create users', '[#####-----]  50% add group members', '[##########] 100% committing', '']);
  });
});
