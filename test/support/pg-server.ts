import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The PostgreSQL server binaries: on PATH, else the newest under /usr/lib/postgresql. */
export function findPgBin(): string | undefined {
  const onPath = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' }).stdout.trim();
  if (onPath) {
    const real = spawnSync('readlink', ['-f', onPath], { encoding: 'utf8' }).stdout.trim();
    return path.dirname(real || onPath);
  }
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(b) - Number(a));
  const newest = versions[0];
  return newest === undefined ? undefined : path.join(root, newest, 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface PgServer {
  /** URL of the `postgres` database as the superuser, with its password. */
  adminUrl: string;
  port: number;
  password: string;
  bin: string;
  stop(): void;
}

/**
 * A throw-away PostgreSQL server: initdb in a temporary folder, a free loopback port, fsync off,
 * password authentication over TCP. initdb refuses to run as root, so root runs it as `postgres`.
 */
export interface PgServerOptions {
  /** Serve TLS with this certificate and key (PEM files), and refuse connections without it. */
  tls?: { cert: string; key: string };
  /** With tls: pg_hba.conf's TCP lines instead of "hostssl only" (e.g. a server that has TLS but takes logins only without it). */
  tcpHba?: string;
}

export async function startPgServer(settings: PgServerOptions = {}): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (initdb) on PATH or under /usr/lib/postgresql');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'accessctl-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) =>
    asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { stdio: 'pipe' })
      : execFileSync(path.join(bin, cmd), args, { stdio: 'pipe' });
  const password = 'test-secret-pw';
  const pwfile = path.join(dir, 'pwfile');
  writeFileSync(pwfile, password);
  if (asRoot) {
    chmodSync(dir, 0o755);
    chownSync(dir, uidOf('postgres'), gidOf('postgres'));
    chownSync(pwfile, uidOf('postgres'), gidOf('postgres'));
  }
  const data = path.join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', `--pwfile=${pwfile}`, '--auth-host=scram-sha-256', '--auth-local=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  const port = await freePort();
  let options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  if (settings.tls) {
    // The server reads its key only if it is private and its own.
    for (const [name, file] of Object.entries(settings.tls)) {
      const copy = path.join(dir, `server.${name}`);
      writeFileSync(copy, readFileSync(file), { mode: 0o600 });
      if (asRoot) chownSync(copy, uidOf('postgres'), gidOf('postgres'));
    }
    options += ` -c ssl=on -c ssl_cert_file=${dir}/server.cert -c ssl_key_file=${dir}/server.key`;
    const tcp = settings.tcpHba ?? 'hostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 127.0.0.1/32 reject\n';
    writeFileSync(path.join(data, 'pg_hba.conf'), `local all all trust\n${tcp}`);
  }
  run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-o', options, '-w', 'start']);
  return {
    adminUrl: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    password,
    bin,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

function uidOf(user: string): number {
  return Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
}

function gidOf(user: string): number {
  return Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
}
