import net from 'node:net';
import { Duplex } from 'node:stream';
import type { ConnectionOptions, TLSSocket } from 'node:tls';

/** PostgreSQL's SSLRequest: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

/**
 * The socket node-postgres talks through for libpq's sslmode=prefer (and allow): it asks the server
 * for TLS and, on the same connection, goes on encrypted if the server says 'S' and in plain text if it
 * says 'N', as libpq does. (node-postgres itself fails on 'N', and a second connection costs the
 * server a new backend and the client a second login.) node-postgres is given it with ssl off: what it
 * writes after 'connect' is the startup message, on whichever the server chose. (libpq's retry in plain
 * text when the TLS attempt itself fails is server-client.ts's.)
 */
export class PreferTlsSocket extends Duplex {
  /** Whether the server answered 'S' to the request for TLS. */
  tlsAgreed = false;
  /** Whether the connection is encrypted (known once 'connect' is emitted). */
  encrypted = false;
  private raw?: net.Socket;
  private inner?: net.Socket | TLSSocket;
  private readonly pending: Array<(socket: net.Socket) => void> = [];

  constructor(private readonly tlsOptions: ConnectionOptions) {
    super();
  }

  /** node-postgres's call: a TCP port and host, or a unix socket's path (where libpq never asks for TLS). */
  connect(portOrPath: number | string, host?: string): this {
    const raw = host === undefined && typeof portOrPath === 'string' ? net.connect(portOrPath) : net.connect(Number(portOrPath), host);
    this.raw = raw;
    for (const apply of this.pending.splice(0)) apply(raw);
    raw.on('error', (error) => this.destroy(error));
    raw.once('close', () => this.destroy());
    if (host === undefined) {
      raw.once('connect', () => this.ready(raw));
      return this;
    }
    raw.once('connect', () => raw.write(SSL_REQUEST));
    raw.once('data', (answer) => {
      // The server writes nothing more until the client speaks: the answer is one byte.
      if (answer.length !== 1 || (answer[0] !== 0x53 && answer[0] !== 0x4e)) {
        this.destroy(new Error('There was an error establishing an SSL connection'));
      } else if (answer[0] === 0x4e) this.ready(raw);
      // A bad client key or certificate throws in tls.connect: the connection's error, as node-postgres reports it.
      else {
        this.tlsAgreed = true;
        this.startTls(raw, host).catch((error: Error) => this.destroy(error));
      }
    });
    return this;
  }

  private async startTls(raw: net.Socket, host: string): Promise<void> {
    const tls = await import('node:tls');
    // As node-postgres names the server: by host name, never by IP address (SNI takes no address).
    const secure = tls.connect({ ...this.tlsOptions, socket: raw, ...(net.isIP(host) === 0 ? { servername: host } : {}) });
    secure.on('error', (error) => this.destroy(error));
    secure.once('secureConnect', () => {
      this.encrypted = true;
      this.ready(secure);
    });
  }

  private ready(inner: net.Socket | TLSSocket): void {
    this.inner = inner;
    inner.on('data', (chunk: Buffer) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.once('end', () => this.push(null));
    this.emit('connect');
  }

  override _read(): void {
    this.inner?.resume();
  }

  override _write(chunk: Buffer, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    // node-postgres writes only after 'connect'.
    if (!this.inner) return done(new Error('write before the connection is ready'));
    this.inner.write(chunk, encoding, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.inner?.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.inner?.destroy();
    this.raw?.destroy();
    done(error);
  }

  setNoDelay(noDelay?: boolean): this {
    return this.onRaw((raw) => raw.setNoDelay(noDelay));
  }

  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    return this.onRaw((raw) => raw.setKeepAlive(enable, initialDelay));
  }

  ref(): this {
    return this.onRaw((raw) => raw.ref());
  }

  unref(): this {
    return this.onRaw((raw) => raw.unref());
  }

  /** Socket settings node-postgres makes before it connects apply to the TCP socket once it exists. */
  private onRaw(apply: (raw: net.Socket) => void): this {
    if (this.raw) apply(this.raw);
    else this.pending.push(apply);
    return this;
  }
}
