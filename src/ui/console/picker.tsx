import { Box, Text, useInput } from 'ink';
import SelectInput from 'ink-select-input';
import React from 'react';
import { TextField } from './text-field.js';

export interface PickerItem {
  label: string;
  value: string;
}

export interface PickerProps {
  title: string;
  /** Items for a filter, read from the database as the filter is typed. */
  load(filter: string): Promise<PickerItem[]>;
  height: number;
  onPick(value: string): void;
  onCancel(): void;
}

/**
 * Type to filter (in the database), ↓ to move into the list, Enter to pick, / to filter again, Esc
 * to close. Enter in the filter picks the one item whose value is the text typed, or the first.
 */
export function Picker({ title, load, height, onPick, onCancel }: PickerProps) {
  const [filter, setFilter] = React.useState('');
  const [items, setItems] = React.useState<PickerItem[]>([]);
  const [choosing, setChoosing] = React.useState(false);
  React.useEffect(() => {
    let current = true;
    void load(filter).then((found) => current && setItems(found));
    return () => {
      current = false;
    };
  }, [filter]);
  useInput(
    (input, key) => {
      if (key.escape) onCancel();
      else if (input === '/') setChoosing(false);
    },
    { isActive: choosing },
  );
  // Against the text as typed, not the items shown: those may still be the previous keystroke's.
  const pickTyped = async (text: string) => {
    const found = await load(text);
    const item = found.find((candidate) => candidate.value === text) ?? found[0];
    if (item) onPick(item.value);
  };
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>{title}</Text>
      <TextField label="filter: " isActive={!choosing} onChange={setFilter} onSubmit={(text) => void pickTyped(text)} onCancel={onCancel} onDown={() => setChoosing(true)} />
      {items.length === 0 ? (
        <Text dimColor>no match</Text>
      ) : (
        <SelectInput
          items={items.map((item) => ({ ...item, key: item.value }))}
          isFocused={choosing}
          limit={Math.max(1, height - 4)}
          onSelect={(item) => onPick(item.value)}
        />
      )}
      <Text dimColor>{choosing ? 'j/k move · Enter pick · / filter · Esc close' : 'type to filter · ↓ list · Enter pick · Esc close'}</Text>
    </Box>
  );
}
