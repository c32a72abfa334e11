import { describe, expect, it } from 'vitest';
import { MESSAGES } from '../../shared/domain/messages.ts';
import { isLoopback, refusal } from '../../shared/local/request-guard.ts';

const own = { host: '127.0.0.1:8510' };

describe('the local gateway’s request guard', () => {
  it('takes 127/8, ::1 and 127/8 mapped to IPv6 as this machine, nothing else', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(a), a).toBe(true);
    for (const a of [
      '192.0.2.2',
      '::ffff:192.0.2.2',
      '10.0.0.1',
      '::',
      '0.0.0.0',
      '1.127.0.0.1',
      '',
      undefined,
    ])
      expect(isLoopback(a), String(a)).toBe(false);
  });

  it('keeps the dev login and identity list to callers on this machine', () => {
    for (const path of ['/local/login', '/local/identities']) {
      expect(refusal(8510, own, '192.0.2.7', path)).toEqual({
        status: 403,
        code: 'local.not-loopback',
        params: {},
      });
      expect(refusal(8510, own, '::ffff:192.0.2.7', path)?.code).toBe('local.not-loopback');
      expect(refusal(8510, own, '127.0.0.1', path)).toBeUndefined();
    }
  });

  it('checks the Host before the Origin and the caller, and names what is allowed', () => {
    expect(
      refusal(8510, { host: 'evil.example:8510', origin: 'http://evil.example' }, '127.0.0.1', '/'),
    ).toEqual({
      status: 421,
      code: 'local.foreign-host',
      params: { host: 'evil.example:8510', allowed: '127.0.0.1:8510, localhost:8510' },
    });
    expect(refusal(8510, {}, '127.0.0.1', '/')?.code).toBe('local.foreign-host');
    expect(refusal(8510, { ...own, origin: 'http://localhost:8511' }, '127.0.0.1', '/rounds')).toEqual({
      status: 403,
      code: 'local.foreign-origin',
      params: { origin: 'http://localhost:8511', allowed: 'http://127.0.0.1:8510, http://localhost:8510' },
    });
  });

  it('shortens a long Host or Origin in the message', () => {
    const long = `${'a'.repeat(300)}.example`;
    const r = refusal(8510, { host: long }, '127.0.0.1', '/');
    expect(r?.params.host).toBe(`${'a'.repeat(100)}…`);
  });

  it('has every refusal in both languages of the catalogue', () => {
    const catalogue = MESSAGES as Record<string, { zh: string; en: string } | undefined>;
    for (const code of ['local.foreign-host', 'local.foreign-origin', 'local.not-loopback']) {
      expect(catalogue[code]?.zh, code).toBeTruthy();
      expect(catalogue[code]?.en, code).toBeTruthy();
    }
  });
});
