import { Text, useInput } from 'ink';
import React from 'react';

export interface TextFieldProps {
  label: string;
  initial?: string;
  isActive?: boolean;
  onChange?(value: string): void;
  onSubmit(value: string): void;
  onCancel(): void;
  /** ↓ pressed: the picker moves into its list. */
  onDown?(): void;
}

/**
 * One line of text. A paste arrives as one chunk and is taken whole; a paste that ends in Enter
 * submits. Esc cancels.
 */
export function TextField({ label, initial = '', isActive = true, onChange, onSubmit, onCancel, onDown }: TextFieldProps) {
  const [value, setValue] = React.useState(initial);
  // Keys can arrive faster than React renders: each must see the text the previous one left.
  const current = React.useRef(initial);
  const update = (next: string) => {
    current.current = next;
    setValue(next);
    onChange?.(next);
  };
  useInput(
    (input, key) => {
      if (key.escape) return onCancel();
      const value = current.current;
      if (key.return) return onSubmit(value);
      if (key.downArrow) return onDown?.();
      if (key.backspace || key.delete) return update(value.slice(0, -1));
      if (key.ctrl || key.meta || key.upArrow || key.leftArrow || key.rightArrow || key.tab) return;
      const enter = input.search(/[\r\n]/);
      if (enter >= 0) {
        const text = value + input.slice(0, enter);
        update(text);
        return onSubmit(text);
      }
      update(value + input);
    },
    { isActive },
  );
  return (
    <Text>
      {label}
      <Text inverse={isActive}>{value}</Text>
      {isActive ? <Text inverse> </Text> : null}
    </Text>
  );
}
