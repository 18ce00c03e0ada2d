import { Text } from 'ink';
import React from 'react';
import { printable } from '../../domain/text.js';
import { isText } from './keys/key.js';
import { LAYER, useKeys } from './keys/router.js';

export interface TextFieldProps {
  label: string;
  initial?: string;
  isActive?: boolean;
  onChange?(value: string): void;
  onSubmit(value: string): void;
  onCancel(): void;
  /** Says what is wrong with the value typed so far (shown beside it), or nothing. */
  validate?(value: string): string | undefined;
}

/**
 * One line of text. A paste arrives whole; a paste that ends in Enter submits. Esc cancels,
 * Ctrl+U clears. While it is open it takes every key but Ctrl+C.
 */
export function TextField({ label, initial = '', isActive = true, onChange, onSubmit, onCancel, validate }: TextFieldProps) {
  const [value, setValue] = React.useState(initial);
  const update = (next: string) => {
    setValue(next);
    onChange?.(next);
  };
  useKeys(
    (key) => {
      if (key.input === '^c') return false;
      if (key.name === 'escape') return onCancel();
      if (key.name === 'return') return onSubmit(value);
      if (key.name === 'backspace') return update([...value].slice(0, -1).join(''));
      if (key.input === '^u') return update('');
      if (!isText(key)) return;
      const enter = key.input.search(/[\r\n]/);
      if (enter < 0) return update(value + key.input);
      const text = value + key.input.slice(0, enter);
      update(text);
      onSubmit(text);
    },
    { isActive, layer: LAYER.field, text: true },
  );
  const problem = validate?.(value);
  return (
    <Text wrap="truncate">
      {label}
      <Text inverse={isActive}>{printable(value)}</Text>
      {isActive ? <Text inverse> </Text> : null}
      {problem ? <Text color="red">{`  ${problem}`}</Text> : null}
    </Text>
  );
}
