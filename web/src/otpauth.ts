/**
 * The portal's copy of shared/domain/otpauth.ts (the portal imports no shared domain module): the
 * `otpauth://` URI of a TOTP key and a typed code's six digits. tests/unit/otpauth.test.ts keeps
 * the two the same.
 */
export function otpauthUri(secret: string, account: string, issuer = 'cepin'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${params.toString()}`;
}

export function totpCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}
