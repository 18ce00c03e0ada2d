import React from 'react';
import { quoted } from '../../domain/text.js';
import { TextField } from './text-field.js';

/** "Type the name to confirm": a removal happens only when the exact name is typed. */
export function ConfirmByName({ what, name, onConfirm, onRefuse, onCancel }: { what: string; name: string; onConfirm(): void; onRefuse(): void; onCancel(): void }) {
  return (
    <TextField
      label={`remove ${what} ${quoted(name)}? type the name to confirm: `}
      onSubmit={(typed) => (typed === name ? onConfirm() : onRefuse())}
      onCancel={onCancel}
    />
  );
}
