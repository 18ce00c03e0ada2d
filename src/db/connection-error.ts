import { printable } from '../domain/text.js';
import { DatabaseUnavailable } from './errors.js';
import { redact } from './mask.js';

/** One clear line for a failed connection; the label is already masked, and any password is cut from the driver's text. */
export function connectionError(error: unknown, label: string, password?: string): DatabaseUnavailable {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  const reason = (() => {
    switch (code) {
      case 'ECONNREFUSED':
        return 'connection refused (is the server running and accepting connections?)';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return 'unknown host';
      case 'ETIMEDOUT':
        return 'timed out';
      case 'ENOENT':
        return 'no server socket found';
      case '28P01':
        return 'password authentication failed';
      case '28000':
        // pg_hba.conf's reason ("no encryption", a user or database not allowed) is what the operator needs.
        return message ? `authentication rejected: ${message}` : 'authentication rejected';
      case '3D000':
        return String(message);
      default:
        if (/timeout/i.test(String(message))) return 'timed out';
        return String(message ?? error).split('\n')[0] ?? '';
    }
  })();
  return new DatabaseUnavailable(`could not connect to ${label}: ${printable(redact(reason, [password]), 500)}`);
}
