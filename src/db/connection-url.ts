import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ConnectionOptions } from 'node:tls';
import { InvalidDatabaseUrl } from './errors.js';
import { quoted } from '../domain/text.js';

const SSL_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'ssl'];
const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

export interface ServerConnection {
  /** The URL without its TLS parameters (those become `ssl`); `options=-c search_path=…` stays in it. */
  connectionString: string;
  ssl: false | ConnectionOptions;
  /** libpq's `prefer` and `allow`: TLS when the server offers it, else a plain connection. */
  plainFallback: boolean;
}

function readPem(name: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (caught) {
    const error = caught as NodeJS.ErrnoException;
    const reason = { ENOENT: 'no such file', EACCES: 'permission denied', EISDIR: 'it is a folder' }[error?.code as string] ?? String(error?.message ?? error);
    throw new InvalidDatabaseUrl(`cannot read ${name} ${quoted(file)} named in the database URL: ${reason}`);
  }
}

/**
 * The TLS settings of a database URL with libpq's meaning, as Django's psycopg2 reads the same URL
 * (node-postgres alone treats `require` as `verify-full` and cannot fall back for `prefer`):
 * require encrypts without checking the certificate (unless sslrootcert is given: then as verify-ca),
 * verify-ca checks the chain, verify-full the chain and the host name.
 */
export function serverConnection(url: string, env: NodeJS.ProcessEnv = process.env): ServerConnection {
  const parsed = new URL(url);
  const param = (name: string) => parsed.searchParams.get(name) ?? undefined;
  const given = param('sslmode') ?? (param('ssl') === 'true' || param('ssl') === '1' ? 'require' : undefined);
  if (given !== undefined && !(SSL_MODES as readonly string[]).includes(given)) {
    throw new InvalidDatabaseUrl(`invalid sslmode ${quoted(given)} in the database URL: choose from ${SSL_MODES.join(', ')}`);
  }
  const fromEnvironment = env.PGSSLMODE || undefined;
  if (given === undefined && fromEnvironment !== undefined && !(SSL_MODES as readonly string[]).includes(fromEnvironment)) {
    throw new InvalidDatabaseUrl(`invalid PGSSLMODE ${quoted(fromEnvironment)}: choose from ${SSL_MODES.join(', ')}`);
  }
  const rootCert = param('sslrootcert') ?? (env.PGSSLROOTCERT || undefined);
  // libpq's default is prefer: a server that offers TLS gets TLS, as Django's psycopg2 does on the same URL.
  let mode = (given ?? fromEnvironment ?? 'prefer') as SslMode;
  if (mode === 'require' && rootCert) mode = 'verify-ca';
  // Read before the URL's TLS parameters are taken out of it (they were read after, and so ignored).
  const cert = param('sslcert') ?? (env.PGSSLCERT || undefined);
  const key = param('sslkey') ?? (env.PGSSLKEY || undefined);
  for (const name of SSL_PARAMS) parsed.searchParams.delete(name);
  const connectionString = parsed.toString();
  if (mode === 'disable') return { connectionString, ssl: false, plainFallback: false };
  const ssl: ConnectionOptions = { rejectUnauthorized: mode === 'verify-ca' || mode === 'verify-full' };
  if (rootCert && rootCert !== 'system') ssl.ca = readPem('sslrootcert', rootCert);
  if (cert) ssl.cert = readPem('sslcert', cert);
  if (key) ssl.key = readPem('sslkey', key);
  // verify-ca trusts any host name the certificate chain vouches for. verify-full checks the URL's host:
  // node-postgres gives TLS no host for an IP address, and Node then checks the name "localhost".
  if (mode === 'verify-ca') ssl.checkServerIdentity = () => undefined;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  // node:tls loads only where TLS is used (~6 ms of a start); by the time a certificate is checked, it is.
  if (mode === 'verify-full') {
    ssl.checkServerIdentity = (_servername, certificate) =>
      (createRequire(import.meta.url)('node:tls') as typeof import('node:tls')).checkServerIdentity(host, certificate);
  }
  return { connectionString, ssl, plainFallback: mode === 'prefer' || mode === 'allow' };
}
