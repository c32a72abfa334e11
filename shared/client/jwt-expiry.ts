/** The `exp` of a JWT in ms since the epoch (the token is not verified: the API does that). */
export function expiryOf(jwt: string): number {
  const part = jwt.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: number };
  return Number(claims.exp ?? 0) * 1000;
}

/** Refreshed this long before the ID token expires, so a call never goes out with a dying token. */
const MARGIN_MS = 60_000;

/** Whether a saved ID token must be refreshed before use: expired, expiring within a minute, or unreadable. */
export function needsRefresh(jwt: string, now = Date.now()): boolean {
  try {
    return expiryOf(jwt) <= now + MARGIN_MS;
  } catch {
    return true;
  }
}
