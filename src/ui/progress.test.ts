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

  it('fits the terminal: a line wider than it would wrap, and each redraw would leave a line behind', () => {
    const sink = {
      text: '',
      columns: 40,
      write(chunk: string) {
        this.text += chunk;
      },
    };
    const bar = progressBar(sink);
    bar.update(1, 4, 'remove group permissions');
    sink.columns = 24;
    bar.update(3, 4, 'remove group permissions');
    bar.done();
    const frames = sink.text.split('\r').filter(Boolean);
    expect(frames.map((frame) => frame.trimEnd())).toEqual(['[#####--------------]  25% remove group', '[####-]  75% remove gro', '']);
    for (const [index, frame] of frames.entries()) expect(frame.length).toBeLessThan(index === 0 ? 40 : 24);
  });
});
