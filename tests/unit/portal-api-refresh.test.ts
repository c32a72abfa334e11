import { afterEach, describe, expect, it, vi } from 'vitest';
import { Api, ApiFailure } from '../../web/src/api.ts';

/**
 * The portal's API calls in an `oidc` district: a 401 first gets a new ID token (the refresh) and the
 * call is made again with it, once; only a second 401 signs out. The token sent is always the
 * current one (a function), so a silent refresh needs no new Api.
 */
const sent: string[] = [];
function answer(statuses: number[]) {
  const queue = [...statuses];
  vi.stubGlobal(
    'fetch',
    vi.fn((_url: string, init: RequestInit) => {
      sent.push(String((init.headers as Record<string, string>).authorization));
      const status = queue.shift() ?? 200;
      return Promise.resolve(new Response(JSON.stringify(status === 200 ? { ok: true } : {}), { status }));
    }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  sent.length = 0;
});

describe('the portal Api and an expired ID token', () => {
  it('refreshes on a 401 and repeats the call once with the new token', async () => {
    answer([401, 200]);
    const refresh = vi.fn(() => Promise.resolve('new'));
    const signOut = vi.fn();
    expect(await new Api('', () => 'old', signOut, refresh).get('/rounds')).toEqual({ ok: true });
    expect(sent).toEqual(['Bearer old', 'Bearer new']);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(signOut).not.toHaveBeenCalled();
  });

  it('signs out on a second 401, without refreshing again', async () => {
    answer([401, 401]);
    const refresh = vi.fn(() => Promise.resolve('new'));
    const signOut = vi.fn();
    await expect(new Api('', () => 'old', signOut, refresh).get('/rounds')).rejects.toBeInstanceOf(
      ApiFailure,
    );
    expect(sent).toEqual(['Bearer old', 'Bearer new']);
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(signOut).toHaveBeenCalledTimes(1);
  });

  it('signs out at once when the refresh gives nothing, or when there is no refresh (other modes)', async () => {
    answer([401, 401]);
    const signOut = vi.fn();
    await expect(
      new Api('', 'old', signOut, () => Promise.resolve(undefined)).get('/rounds'),
    ).rejects.toThrow();
    await expect(new Api('', 'old', signOut).get('/rounds')).rejects.toThrow();
    expect(sent).toEqual(['Bearer old', 'Bearer old']);
    expect(signOut).toHaveBeenCalledTimes(2);
  });

  it('sends whatever token is current at the time of the call', async () => {
    answer([200, 200]);
    let token = 'first';
    const api = new Api('', () => token, vi.fn());
    await api.get('/rounds');
    token = 'second';
    await api.get('/rounds');
    expect(sent).toEqual(['Bearer first', 'Bearer second']);
  });
});
