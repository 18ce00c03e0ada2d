import React from 'react';
import { useConsole } from './context.js';

/**
 * A screen's mode: `rest` browses; any other mode has a text field or picker open, and while it is,
 * the console's own keys (tab, q, a, u…) are off so that they can be typed.
 */
export function useMode<M>(rest: M) {
  const app = useConsole();
  const [mode, setMode] = React.useState<M>(rest);
  const enter = (next: M) => {
    setMode(next);
    app.setCaptured(next !== rest);
  };
  return [mode, enter] as const;
}
