import pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import { serverConnection } from './connection-url.js';
import { PreferTlsSocket } from './prefer-tls-socket.js';

export type ServerTls = false | ConnectionOptions;

/** A connected, logged-in client of a server, and the TLS it settled on (libpq's prefer may settle on none). */
export interface ServerClient {
  client: pg.Client;
  tls: ServerTls;
}

/** The client's settings: the URL's, the TLS given, and the connect timeout of $PGCONNECT_TIMEOUT as libpq reads it. */
export function clientConfig(settings: pg.ClientConfig, applicationName: string): pg.ClientConfig {
  const timeoutSeconds = Number(process.env.PGCONNECT_TIMEOUT ?? 10);
  return { ...settings, connectionTimeoutMillis: timeoutSeconds * 1000, application_name: applicationName };
}

/** Connects a client; a failed attempt leaves nothing open. */
export async function connectClient(config: pg.ClientConfig): Promise<pg.Client> {
  const client = new pg.Client(config);
  // A dropped connection surfaces on the next query; an unhandled 'error' event would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
}

/**
 * Connects to the server a postgres:// URL names, with TLS as the URL says: for libpq's sslmode=prefer
 * (and allow) TLS when the server offers it, else plain text. Errors are the driver's (InvalidDatabaseUrl
 * for the URL's TLS parameters): the caller words them.
 */
export async function connectServer(url: string, applicationName: string): Promise<ServerClient> {
  const server = serverConnection(url);
  const base = { connectionString: server.connectionString };
  if (server.ssl && server.plainFallback) {
    // libpq's prefer on one connection: TLS if the server offers it, else plain text (prefer-tls-socket.ts).
    const ssl = server.ssl;
    let socket: PreferTlsSocket | undefined;
    const stream = () => (socket = new PreferTlsSocket(ssl));
    try {
      const client = await connectClient(clientConfig({ ...base, ssl: false, stream }, applicationName));
      return { client, tls: socket?.encrypted ? ssl : false };
    } catch (error) {
      // As libpq: once TLS was agreed, a failure (the handshake, or the server refusing the login over
      // TLS, as pg_hba's hostnossl lines do) is tried again in plain text; the TLS attempt's error is
      // the one told if that fails too.
      if (!socket?.tlsAgreed) throw error;
      try {
        return { client: await connectClient(clientConfig({ ...base, ssl: false }, applicationName)), tls: false };
      } catch {
        throw error;
      }
    }
  }
  return { client: await connectClient(clientConfig({ ...base, ssl: server.ssl }, applicationName)), tls: server.ssl };
}

/**
 * Ends a session: resolves once its Terminate message is sent (the stream finished), or the
 * connection is closed. Waiting for the server to close the socket too cost every command ~10 ms.
 */
export async function endSession(client: pg.Client): Promise<void> {
  const ended = client.end().catch(() => undefined);
  const stream = client.connection.stream;
  const sent = new Promise<void>((resolve) => (stream.writableFinished ? resolve() : stream.once('finish', () => resolve())));
  await Promise.race([ended, sent]);
}
