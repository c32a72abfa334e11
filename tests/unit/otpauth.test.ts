import { describe, expect, it } from 'vitest';
import { otpauthUri, totpCode } from '../../shared/domain/otpauth.ts';

describe('the otpauth URI of a TOTP key', () => {
  it('is the Key Uri Format an authenticator app takes: issuer:account label, base32 secret, SHA-1, 6 digits, 30 s', () => {
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'admin01')).toBe(
      'otpauth://totp/cepin:admin01?secret=JBSWY3DPEHPK3PXP&issuer=cepin&algorithm=SHA1&digits=6&period=30',
    );
    // An e-mail as the account: the @ escaped in the label.
    expect(otpauthUri('JBSWY3DPEHPK3PXP', 'wang@example.gov.cn')).toMatch(
      /^otpauth:\/\/totp\/cepin:wang%40example\.gov\.cn\?/,
    );
  });
});

describe('a typed TOTP code', () => {
  it('keeps six digits, spaces and dashes dropped; anything else is no code', () => {
    expect(totpCode(' 123 456 ')).toBe('123456');
    expect(totpCode('12-34-56')).toBe('123456');
    expect(totpCode('12345')).toBeUndefined();
    expect(totpCode('1234567')).toBeUndefined();
    expect(totpCode('12345a')).toBeUndefined();
  });
});
