import net from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

/**
 * Serves a PGlite on a unix socket in PostgreSQL's wire protocol, one connection at a time (PGlite has
 * one backend: interleaved connections would share its transaction). Written here rather than taken
 * from @electric-sql/pglite-socket, whose server carries one client's session (its search_path, an
 * open transaction of a client killed mid-COPY, prepared statements) over to the next client and turns
 * a second client away with a line that is not the protocol.
 */

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'

/** Ends a COPY a client left (ignored outside one), then the extended protocol's error state. */
const COPY_FAIL = Uint8Array.from([0x66, 0, 0, 0, 5, 0]);
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

export interface WireServer {
  /** Connections being served or waiting their turn. */
  readonly connections: number;
  /** Stops accepting connections; those accepted are served to their end. */
  close(): Promise<void>;
  /** Ends every connection now and stops accepting. */
  stop(): Promise<void>;
}

export interface WireEvents {
  /** A connection was accepted while none was open. */
  onBusy?(): void;
  /** The last open connection ended, and the session it left was reset. */
  onIdle?(): void;
  /** Resetting a session failed: the database's state is unknown and must not be served again. */
  onBroken?(error: unknown): void;
}

export async function serveWire(db: PGlite, socketPath: string, events: WireEvents = {}): Promise<WireServer> {
  const sockets = new Set<net.Socket>();
  let turn = Promise.resolve();
  let open = 0;
  let broken = false;
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    if (broken) return void socket.destroy();
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.once('close', () => sockets.delete(socket));
    if (open++ === 0) events.onBusy?.();
    turn = turn
      .then(() => serveConnection(db, socket))
      .then((used) => (used ? resetSession(db) : undefined))
      .catch((error: unknown) => {
        broken = true;
        for (const other of sockets) other.destroy();
        events.onBroken?.(error);
      })
      .finally(() => {
        if (--open === 0 && !broken) events.onIdle?.();
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
    get connections() {
      return open;
    },
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
 * Passes one client's messages to PGlite, in order, until the client goes; resolves when it has gone,
 * with whether any message reached PGlite.
 */
function serveConnection(db: PGlite, socket: net.Socket): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    let buffered: Buffer = Buffer.alloc(0);
    let started = false;
    let used = false;
    let working = Promise.resolve();
    const send = (data: Uint8Array) => {
      if (!socket.destroyed) socket.write(Buffer.from(data));
    };
    const run = (message: Buffer) => db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(message), { onRawData: send }));
    /** The next whole message, or undefined until more bytes come; startup messages carry no type byte. */
    const take = (): Buffer | undefined => {
      const header = started ? 5 : 8;
      if (buffered.length < header) return undefined;
      const length = started ? 1 + buffered.readInt32BE(1) : buffered.readInt32BE(0);
      if (length < header) {
        socket.destroy(); // Not PostgreSQL's protocol.
        return undefined;
      }
      if (buffered.length < length) return undefined;
      const message = buffered.subarray(0, length);
      buffered = buffered.subarray(length);
      return message;
    };
    const drain = async () => {
      for (let message = take(); message && !socket.destroyed; message = take()) {
        if (!started) {
          const code = message.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            socket.write('N'); // Encryption is pointless on a private unix socket.
            continue;
          }
          if (code === CANCEL_REQUEST) return void socket.destroy(); // One backend: nothing runs to cancel.
          started = true;
        } else if (message[0] === TERMINATE) return void socket.end();
        used = true;
        await run(message);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      working = working.then(drain).catch(() => void socket.destroy());
    });
    socket.once('close', () => void working.then(() => resolve(used)));
    socket.resume();
  });
}

/** What one client changed of the session (a transaction, settings, prepared statements) does not reach the next. */
async function resetSession(db: PGlite): Promise<void> {
  await db.runExclusive(async () => {
    await db.execProtocolRaw(COPY_FAIL);
    await db.execProtocolRaw(SYNC);
  });
  // ROLLBACK outside a transaction is a warning, not an error.
  await db.exec('ROLLBACK');
  await db.exec('DISCARD ALL');
}
