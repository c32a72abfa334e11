import type { IncomingHttpHeaders } from 'node:http';
import { message } from '../domain/messages.ts';

/** The origins the local gateway serves the portal from: 127.0.0.1 and localhost on its port. */
export function ownOrigins(port: number): string[] {
  return [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
}

/** Whether a socket's remote address is this machine (IPv4 127/8, IPv6 ::1, or 127/8 mapped to IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** Why a request to the local gateway is refused: status, message code and its parameters. */
export interface Refusal {
  status: number;
  code: 'local.foreign-host' | 'local.foreign-origin' | 'local.not-loopback';
  params: Record<string, string>;
}

const shown = (v: string) => (v.length > 100 ? `${v.slice(0, 100)}…` : v);

/**
 * Refuses what only a web page would send a local service: a Host header not among `hosts` (DNS
 * rebinding: another name resolved to 127.0.0.1; 421), or an Origin header not among `origins` (a
 * page of another site, a sandboxed frame's `null`; 403). Callers without an Origin (the CLI, the
 * SDK clients, a browser following a link) pass.
 */
export function foreignRequest(
  headers: IncomingHttpHeaders,
  hosts: string[],
  origins: string[],
): Refusal | undefined {
  const host = (headers.host ?? '').toLowerCase();
  if (!hosts.includes(host))
    return {
      status: 421,
      code: 'local.foreign-host',
      params: { host: shown(host), allowed: hosts.join(', ') },
    };
  const origin = headers.origin;
  if (origin !== undefined && !origins.includes(origin.toLowerCase()))
    return {
      status: 403,
      code: 'local.foreign-origin',
      params: { origin: shown(origin), allowed: origins.join(', ') },
    };
  return undefined;
}

/** The hosts a service on 127.0.0.1:port answers to: `127.0.0.1:port` and `localhost:port`. */
export const ownHosts = (port: number) => [`127.0.0.1:${port}`, `localhost:${port}`];

/**
 * Decides whether the local gateway may answer a request, before it reads the body. A web page in
 * the user's browser can reach 127.0.0.1, so: the Host header must name the gateway itself; an
 * Origin header, when present, must be the gateway's own; and the dev login routes answer only
 * callers on this machine.
 */
export function refusal(
  port: number,
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
  pathname: string,
): Refusal | undefined {
  const foreign = foreignRequest(headers, ownHosts(port), ownOrigins(port));
  if (foreign) return foreign;
  if (pathname.startsWith('/local/') && !isLoopback(remoteAddress))
    return { status: 403, code: 'local.not-loopback', params: {} };
  return undefined;
}

/** A refusal as the JSON error body the API uses, with the message in both languages. */
export function refusalBody(r: Refusal) {
  return {
    error: {
      code: r.code,
      message: { zh: message(r.code, r.params, 'zh'), en: message(r.code, r.params, 'en') },
    },
  };
}
