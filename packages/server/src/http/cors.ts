// CORS for browser SDK clients (`serve --cors-origin ORIGIN`, repeatable): a listed origin's preflight is
// answered and its responses carry the headers that let its page read them; any other origin gets no CORS
// header, so the browser keeps its page out. Without the option nothing is added.

import type { IncomingMessage, ServerResponse } from 'node:http';

/** What the AWS SDKs send: SigV4 headers, the JSON protocol's target and content type, the SDK's own. */
const allowedHeader = /^(authorization|content-type|content-length|x-amz-[a-z0-9-]+|amz-sdk-[a-z0-9-]+)$/;
/** What an SDK reads from a response: the request id and the error type. */
const exposedHeaders = 'x-amzn-requestid, x-amzn-errortype, x-amz-request-id, x-amz-id-2, date';
const methods = 'GET, HEAD, POST, PUT, PATCH, DELETE';

/** A guard for the server: true when it has answered the request (a preflight). */
export function corsGuard(origins: readonly string[]): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowed = new Set(origins);
  return (req, res) => {
    const origin = req.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return false;
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) {
      res.setHeader('access-control-expose-headers', exposedHeaders);
      return false;
    }
    const asked = (req.headers['access-control-request-headers'] ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== '');
    const refused = asked.find((name) => !allowedHeader.test(name));
    if (refused !== undefined) {
      // Without the allow headers the browser refuses the call itself; the body says why to whoever looks.
      res.removeHeader('access-control-allow-origin');
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end(`Header ${refused} is not allowed\n`);
      return true;
    }
    res.writeHead(204, {
      'access-control-allow-methods': methods,
      'access-control-allow-headers': asked.join(', '),
      'access-control-max-age': '600',
    });
    res.end();
    return true;
  };
}

/** `--cors-origin` values must be origins as browsers send them: scheme, host and port, no path. */
export function checkOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `'${value}' is not an origin (like https://app.example.com or http://localhost:5173)`;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== value) {
    return `'${value}' is not an origin: give scheme://host[:port] with no path or trailing slash (${url.origin})`;
  }
  return undefined;
}
