/**
 * The `otpauth://` URI an authenticator app (Google Authenticator, Microsoft Authenticator, FreeOTP…)
 * takes for a TOTP secret (Key Uri Format: label `issuer:account`, the base32 secret, the issuer
 * again as a parameter; SHA-1, 6 digits, 30 s — Cognito's TOTP). Shown as text an admin types or
 * pastes: the portal draws no QR code.
 */
export function otpauthUri(secret: string, account: string, issuer = 'cepin'): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: '30' });
  return `otpauth://totp/${label}?${params.toString()}`;
}

/** A TOTP code as typed: spaces and dashes dropped; undefined unless six digits remain. */
export function totpCode(typed: string): string | undefined {
  const code = typed.replace(/[\s-]/g, '');
  return /^\d{6}$/.test(code) ? code : undefined;
}
