import { pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isDjangoPasswordHash, randomPasswordHash, unusablePassword } from '../src/domain/passwords.js';

describe('password hashes', () => {
  it('makes a random usable password as a valid pbkdf2_sha256 hash, different every time', () => {
    const a = randomPasswordHash();
    const b = randomPasswordHash();
    expect(a).not.toBe(b);
    expect(isDjangoPasswordHash(a)).toBe(true);
    const [algorithm, iterations, salt = '', hash = ''] = a.split('$');
    expect([algorithm, iterations, salt.length]).toEqual(['pbkdf2_sha256', '1', 22]);
    expect(Buffer.from(hash, 'base64')).toHaveLength(32);
  });

  it("makes Django's unusable marker", () => {
    expect(unusablePassword()).toMatch(/^![A-Za-z0-9]{40}$/);
    expect(isDjangoPasswordHash(unusablePassword())).toBe(false);
  });

  it.each([
    `pbkdf2_sha256$260000$abcdefgh$${pbkdf2Sync('x', 'abcdefgh', 1, 32, 'sha256').toString('base64')}`,
    `pbkdf2_sha1$260000$abcdefgh$${pbkdf2Sync('x', 'abcdefgh', 1, 20, 'sha1').toString('base64')}`,
    'argon2$argon2id$v=19$m=102400,t=2,p=8$c29tZXNhbHQ$6Zf0Nd1Xw+cY2gxkP0Ly0Q',
    'argon2$argon2i$m=512,t=2,p=2$c29tZXNhbHQ$6Zf0Nd1Xw+cY2gxkP0Ly0Q',
    'bcrypt_sha256$$2b$12$LQv3c1yqBWVHxkd0LHAkCOYz6TtxMQJqhN8/LewdBPj4J/HS.iK8i',
    'bcrypt$$2b$12$LQv3c1yqBWVHxkd0LHAkCOYz6TtxMQJqhN8/LewdBPj4J/HS.iK8i',
    'scrypt$16384$somesalt$8$1$Ft4IfGKMqAHxWV6t9eUl4NqrJ0Ct2b6VMvRU4A7E4Y8=',
    'sha1$salt$a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    'sha1$$a94a8fe5ccb19ba61c4c0873d391e987982fbbd3',
    'md5$salt$098f6bcd4621d373cade4e832627b4f6',
    'md5$$098f6bcd4621d373cade4e832627b4f6',
    '098f6bcd4621d373cade4e832627b4f6',
    'crypt$$abN0vjhS8Qb4s',
  ])('accepts %s', (hash) => expect(isDjangoPasswordHash(hash)).toBe(true));

  it.each([
    'hunter2',
    '',
    '!unusable',
    'pbkdf2_sha256$abc$salt$hash',
    'pbkdf2_sha256$260000$salt$tooshort=',
    'bcrypt$$2b$12$short',
    'md5$salt$nothex',
    'plaintext$with$dollars',
    `pbkdf2_sha256$260000$${'s'.repeat(100)}$${pbkdf2Sync('x', 's', 1, 32, 'sha256').toString('base64')}`,
  ])('refuses %s', (hash) => expect(isDjangoPasswordHash(hash)).toBe(false));
});
