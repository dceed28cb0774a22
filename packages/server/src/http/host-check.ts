// DNS rebinding: a web page whose name is made to resolve to this machine would reach a loopback server with its
// own name in the Host header. A server on loopback therefore answers only loopback names (and those allowed).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';

/** True when `host` (a Host header, port included or not) names this machine's loopback or an allowed name. */
export function hostAllowed(header: string | undefined, allowed: readonly string[]): boolean {
  if (header === undefined) return false;
  const written = (
    header.startsWith('[') ? header.slice(1, header.indexOf(']')) : header.replace(/:\d+$/, '')
  ).toLowerCase();
  // The AWS SDKs send StartSyncExecution and TestState to `sync-<endpoint host>`: the same server's name.
  const name = written.startsWith('sync-') ? written.slice('sync-'.length) : written;
  if (name === 'localhost' || name.endsWith('.localhost') || name === '::1') return true;
  if (isIP(name) === 4 && name.startsWith('127.')) return true;
  return allowed.includes(name);
}

/** A request guard answering 403 when the Host header is not one this server answers to. */
export function hostGuard(allowed: readonly string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (hostAllowed(req.headers.host, allowed)) return false;
    const body = JSON.stringify({
      __type: 'AccessDeniedException',
      message: `Host '${req.headers.host ?? ''}' is not a name this server answers to (start it with --allowed-hosts NAME to add one)`,
    });
    res.writeHead(403, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': Buffer.byteLength(body),
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
    return true;
  };
}
