// Where the HTTP Task may connect (serve --http-allow): any public address, and private, loopback or link-local
// ones only when their host is allowed; with an allow-list, only its hosts. Redirects are followed here, each
// hop checked, and credentials never cross to another origin.

import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

export interface EgressPolicy {
  /** Host names or IP addresses (`*.example.com` for subdomains); empty: every public address. */
  allow: readonly string[];
  /** Resolves a host name to its addresses; DNS unless a test supplies one. */
  resolve?: (host: string) => Promise<string[]>;
}

const internal = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  internal.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  internal.addSubnet(network, prefix, 'ipv6');
}

/** True for loopback, private, link-local, carrier-grade NAT, multicast and unspecified addresses. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  return mapped !== undefined ? internal.check(mapped, 'ipv4') : internal.check(address, 'ipv6');
}

function allowed(host: string, allow: readonly string[]): boolean {
  return allow.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) && host.length > entry.length - 1 : host === entry,
  );
}

/** Why the task may not connect to `url`, or undefined when it may. */
export async function refusal(url: URL, policy: EgressPolicy): Promise<string | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (allowed(host, policy.allow)) return undefined;
  if (policy.allow.length > 0) return `${host} is not in the serve --http-allow list`;
  let addresses: string[];
  try {
    addresses = isIP(host) === 0 ? await (policy.resolve ?? resolveAll)(host) : [host];
  } catch {
    // An unresolvable name fails when fetch tries it, with the usual socket error.
    return undefined;
  }
  const inside = addresses.find(isInternalAddress);
  if (inside === undefined) return undefined;
  return `${host} is a loopback or private address (${inside}); allow it with serve --http-allow ${host}`;
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map((entry) => entry.address);
}

export interface Hop {
  url: URL;
  init: RequestInit & { headers: Headers };
}

const maxRedirects = 5;

/**
 * Fetches `first`, following up to 5 redirects itself: each target is checked against the policy (when there is
 * one; the string returned is why a target was refused), and on a
 * change of origin the headers in `credentials` (the connection's key, basic or OAuth Authorization, its
 * invocation headers) and cookies are dropped.
 */
export async function fetchChecked(
  first: Hop,
  credentials: ReadonlySet<string>,
  policy: EgressPolicy | undefined,
  doFetch: typeof fetch,
): Promise<Response | string> {
  let hop = first;
  for (let redirects = 0; ; redirects++) {
    const refused = policy === undefined ? undefined : await refusal(hop.url, policy);
    if (refused !== undefined) return refused;
    const response = await doFetch(hop.url, { ...hop.init, redirect: 'manual' });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status > 399 || location === null || redirects === maxRedirects) {
      return response;
    }
    await response.body?.cancel();
    hop = nextHop(hop, new URL(location, hop.url), response.status, credentials);
  }
}

function nextHop(hop: Hop, url: URL, status: number, credentials: ReadonlySet<string>): Hop {
  const headers = new Headers(hop.init.headers);
  if (url.origin !== hop.url.origin) {
    for (const name of [...credentials, 'authorization', 'cookie']) headers.delete(name);
  }
  // As browsers do: 303, and 301/302 after a POST, continue as a GET without the body.
  const asGet = status === 303 || ((status === 301 || status === 302) && hop.init.method === 'POST');
  if (!asGet) return { url, init: { ...hop.init, headers } };
  headers.delete('content-type');
  return { url, init: { ...hop.init, method: 'GET', headers, body: null } };
}
