import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverConnection } from '../../src/db/connection-url.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'accessctl-url-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pem = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

describe("a database URL's TLS parameters, as libpq reads them", () => {
  it('sslcert and sslkey in the URL name the client certificate and key (and leave the URL)', () => {
    const cert = pem('client.pem', 'CERT FROM URL');
    const key = pem('client.key', 'KEY FROM URL');
    const parsed = serverConnection(`postgres://u:p@db.example/app?sslmode=require&sslcert=${encodeURIComponent(cert)}&sslkey=${encodeURIComponent(key)}`, {});
    expect(parsed.ssl).toMatchObject({ cert: 'CERT FROM URL', key: 'KEY FROM URL' });
    expect(parsed.connectionString).toBe('postgres://u:p@db.example/app');
  });

  it('PGSSLCERT and PGSSLKEY apply when the URL names none; the URL wins over them', () => {
    const fromEnv = { PGSSLCERT: pem('env.pem', 'CERT FROM ENV'), PGSSLKEY: pem('env.key', 'KEY FROM ENV') };
    expect(serverConnection('postgres://u:p@db.example/app', fromEnv).ssl).toMatchObject({ cert: 'CERT FROM ENV', key: 'KEY FROM ENV' });
    const cert = pem('url.pem', 'CERT FROM URL');
    expect(serverConnection(`postgres://u:p@db.example/app?sslcert=${encodeURIComponent(cert)}`, fromEnv).ssl).toMatchObject({
      cert: 'CERT FROM URL',
      key: 'KEY FROM ENV',
    });
  });
});
