import { Text } from 'ink';
import React from 'react';
import { printable } from '../../domain/text.js';

interface Props {
  children: React.ReactNode;
  /** Changes when the person moves on (another screen): the failed view is tried again. */
  resetKey: unknown;
  onError(error: Error): void;
}

/** A screen that throws while rendering shows one line instead of taking the console down. */
export class ErrorBoundary extends React.Component<Props, { error?: Error; resetKey: unknown }> {
  state: { error?: Error; resetKey: unknown } = { resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  static getDerivedStateFromProps(props: Props, state: { error?: Error; resetKey: unknown }) {
    return props.resetKey === state.resetKey ? null : { error: undefined, resetKey: props.resetKey };
  }

  componentDidCatch(error: Error) {
    this.props.onError(error);
  }

  render() {
    if (this.state.error) return <Text color="red">{`This screen failed: ${printable(this.state.error.message.split('\n')[0])} (esc goes back)`}</Text>;
    return this.props.children;
  }
}
