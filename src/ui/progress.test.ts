import { describe, expect, it } from 'vitest';
import { StringSink } from '../framework/output.js';
import { progressBar } from './progress.js';

describe('progressBar', () => {
  it('redraws one line in place as the steps go, and clears it when done', () => {
    const sink = new StringSink();
    const bar = progressBar(sink, 10);
    bar.update(0, 4, 'create users');
    bar.update(2, 4, 'add group members');
    bar.update(2, 4, 'add group members');
    bar.update(4, 4, 'committing');
    bar.done();
    const frames = sink.text.split('\r').filter(Boolean);
    expect(frames[0]).toBe('[----------]   0% create users');
    expect(frames[1].trimEnd()).toBe('[#####-----]  50% add group members');
    expect(frames[2].trimEnd()).toBe('[##########] 100% committing');
    expect(frames).toHaveLength(4);
    expect(frames[3].trim()).toBe('');
  });
});
