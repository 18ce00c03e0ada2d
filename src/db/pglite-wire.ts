import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves a PGlite on a unix socket in PostgreSQL's wire protocol, one session at a time (PGlite has
 * one backend: interleaved sessions would share its transaction). Written here rather than taken from
 * @electric-sql/pglite-socket, whose server carries one client's session (its search_path, an open
 * transaction of a client killed mid-COPY, prepared statements) over to the next client and turns a
 * second client away with a line that is not the protocol.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const QUERY = 0x51; // 'Q'
const PARSE = 0x50; // 'P'
const TERMINATE = 0x58; // 'X'

/** Ends a COPY a client left (ignored outside one). */
const COPY_FAIL = Uint8Array.from([0x66, 0, 0, 0, 5, 0]);
/**
 * A statement that cannot parse: its error aborts whatever the extended protocol had begun, so that
 * the Sync after it rolls back a dead client's unfinished implicit transaction instead of committing it.
 */
const ABORT = parseMessage('-- accessctl: the client went away\nABORT!');
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/**
 * PGlite cannot take COPY FROM STDIN message by message (it reads to the end of its input and wedges):
 * such a statement is answered with an error of PGlite's own, in the session's transaction.
 */
const COPY_FROM_STDIN = /^\s*copy\s[\s\S]*?\sfrom\s+stdin\b/i;
const COPY_REFUSED =
  "DO $accessctl$BEGIN RAISE EXCEPTION USING ERRCODE = 'feature_not_supported', MESSAGE = 'COPY FROM STDIN (psql''s \\copy … from) is not supported by the embedded database: use INSERT, or a PostgreSQL server'; END$accessctl$";

function parseMessage(sql: string): Uint8Array {
  const body = Buffer.concat([Buffer.from([0]), Buffer.from(`${sql}\0`), Buffer.from([0, 0])]);
  const header = Buffer.alloc(5);
  header[0] = PARSE;
  header.writeInt32BE(4 + body.length, 1);
  return new Uint8Array(Buffer.concat([header, body]));
}

function queryMessage(sql: string): Buffer {
  const body = Buffer.from(`${sql}\0`);
  const header = Buffer.alloc(5);
  header[0] = QUERY;
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** The statement text of a Query or Parse message. */
function statementOf(message: Buffer): string | undefined {
  if (message[0] === QUERY) return message.toString('utf8', 5, message.length - 1);
  if (message[0] !== PARSE) return undefined;
  const nameEnd = message.indexOf(0, 5);
  const textEnd = message.indexOf(0, nameEnd + 1);
  return nameEnd < 0 || textEnd < 0 ? undefined : message.toString('utf8', nameEnd + 1, textEnd);
}

/** The message PGlite is given: COPY FROM STDIN is turned into an error it raises itself. */
function admitted(message: Buffer): Buffer {
  const statement = statementOf(message);
  if (statement === undefined || !COPY_FROM_STDIN.test(statement)) return message;
  return message[0] === QUERY ? queryMessage(COPY_REFUSED) : Buffer.from(parseMessage(COPY_REFUSED));
}

export interface WireServer {
  /** Stops accepting connections; those accepted are served to their end. */
  close(): Promise<void>;
  /** Ends every connection now and stops accepting. */
  stop(): Promise<void>;
}

export interface WireEvents {
  /** A session began while none was open. */
  onBusy?(): void;
  /** The last open session ended, and what it left was reset. */
  onIdle?(): void;
  /** PGlite failed, or resetting a session did: its state is unknown and must not be served again. */
  onBroken?(error: unknown): void;
}

/** One accepted connection: its bytes so far, and whether its startup message has come. */
interface Connection {
  socket: net.Socket;
  buffered: Buffer;
  started: boolean;
  /** Called with each new chunk once the connection's turn has come. */
  onData?: () => void;
}

export async function serveWire(db: PGlite, socketPath: string, events: WireEvents = {}): Promise<WireServer> {
  const sockets = new Set<net.Socket>();
  let turn = Promise.resolve();
  let open = 0;
  let broken = false;
  /** A session (a connection past its startup message) waits for those before it: one at a time. */
  const enqueue = (connection: Connection) => {
    if (open++ === 0) events.onBusy?.();
    turn = turn
      .then(() => serveSession(db, connection))
      .then(resetSession.bind(undefined, db))
      .catch((error: unknown) => {
        broken = true;
        for (const other of sockets) other.destroy();
        events.onBroken?.(error);
      })
      .finally(() => {
        if (--open === 0 && !broken) events.onIdle?.();
      });
  };
  const server = net.createServer((socket) => {
    if (broken) return void socket.destroy();
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    const connection: Connection = { socket, buffered: Buffer.alloc(0), started: false };
    socket.on('data', (chunk: Buffer) => {
      connection.buffered = connection.buffered.length ? Buffer.concat([connection.buffered, chunk]) : chunk;
      if (connection.started) return connection.onData?.();
      // Before its startup message a connection is answered at once, not in turn: psql's cancel
      // request comes on a second connection while its first waits for the answer.
      if (startup(connection)) enqueue(connection);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return {
    close: async () => {
      const closed = close();
      await turn;
      await closed;
    },
    stop: async () => {
      const closed = close();
      for (const socket of sockets) socket.destroy();
      await turn;
      await closed;
    },
  };
}

/**
 * Answers what comes before a startup message (TLS and GSSAPI are refused: pointless on a private
 * unix socket; a cancel request closes: one backend, nothing to cancel it with). True once the
 * startup message is whole: the session may take its turn.
 */
function startup(connection: Connection): boolean {
  const { socket } = connection;
  while (connection.buffered.length >= 8) {
    const length = connection.buffered.readInt32BE(0);
    if (length < 8 || length > 10_000) {
      socket.destroy(); // Not PostgreSQL's protocol.
      return false;
    }
    if (connection.buffered.length < length) return false;
    const code = connection.buffered.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      connection.buffered = connection.buffered.subarray(length);
      socket.write('N');
      continue;
    }
    if (code === CANCEL_REQUEST) {
      socket.destroy();
      return false;
    }
    connection.started = true;
    return true;
  }
  return false;
}

/**
 * Passes one session's messages to PGlite, in order, until the client goes; resolves when it has
 * gone. A failure of PGlite itself rejects: its state is unknown.
 */
function serveSession(db: PGlite, connection: Connection): Promise<void> {
  const { socket } = connection;
  return new Promise<void>((resolve, reject) => {
    let first = true;
    let working = Promise.resolve();
    let failed: unknown;
    const send = (data: Uint8Array) => {
      if (!socket.destroyed) socket.write(Buffer.from(data));
    };
    const run = (message: Buffer) => db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(message), { onRawData: send }));
    /** The next whole message (the startup message first, which has no type byte), or undefined until more bytes come. */
    const take = (): Buffer | undefined => {
      const buffered = connection.buffered;
      const header = first ? 8 : 5;
      if (buffered.length < header) return undefined;
      const length = first ? buffered.readInt32BE(0) : 1 + buffered.readInt32BE(1);
      if (length < header) {
        socket.destroy(); // Not PostgreSQL's protocol.
        return undefined;
      }
      if (buffered.length < length) return undefined;
      connection.buffered = buffered.subarray(length);
      return buffered.subarray(0, length);
    };
    const drain = async () => {
      for (let message = take(); message && !socket.destroyed; message = take()) {
        if (!first && message[0] === TERMINATE) return void socket.end();
        await run(first ? message : admitted(message));
        first = false;
      }
    };
    const more = () => {
      working = working.then(drain).catch((error: unknown) => {
        failed = error;
        socket.destroy();
      });
    };
    connection.onData = more;
    const ended = () => void working.then(() => (failed === undefined ? resolve() : reject(failed)));
    if (socket.destroyed) ended();
    else socket.once('close', ended);
    more();
  });
}

/** What one client left (a COPY, an unfinished extended-protocol transaction, a transaction, settings, prepared statements) does not reach the next. */
async function resetSession(db: PGlite): Promise<void> {
  await db.runExclusive(async () => {
    await db.execProtocolRaw(COPY_FAIL);
    await db.execProtocolRaw(ABORT);
    await db.execProtocolRaw(SYNC);
  });
  // ROLLBACK outside a transaction is a warning, not an error.
  await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
}
