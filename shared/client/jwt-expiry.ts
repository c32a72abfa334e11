/** The `exp` of a JWT in ms since the epoch (the token is not verified: the API does that). */
export function expiryOf(jwt: string): number {
  const part = jwt.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { exp?: number };
  return Number(claims.exp ?? 0) * 1000;
}
