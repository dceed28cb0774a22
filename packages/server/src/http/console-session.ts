// The console's login when the server runs with --auth: an access key and its secret (or a one-time link printed
// at start) buy a session cookie (HttpOnly, SameSite=Strict, Secure under TLS). Every console GET, the live
// stream included, needs the session; an API call made with it must come from the console's own origin.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../service/errors.ts';
import { loginPage } from './console-login-page.ts';
import { renderError } from './protocol.ts';
import { callerOfKey, type AccessKey, type Caller } from './request-auth.ts';
import type { SignedRequest } from './sigv4-verify.ts';

export const loginPath = '/console/login';
const cookieName = 'stepwise_session';
const sessionMs = 12 * 60 * 60 * 1000;
const maxForm = 16 * 1024;

interface Session {
  caller: Caller;
  expires: number;
}

export interface ConsoleSessionOptions {
  keys: readonly AccessKey[];
  /** Served over TLS: the cookie gets Secure. */
  secure: boolean;
  /** Checks a signed request (SigV4), throwing AWS's error when it is not good. */
  verify: (request: SignedRequest) => void;
  now?: () => number;
}

export class ConsoleSessions {
  /** Printed at start: `/console/login?token=…` signs in once as the first key of the file. */
  readonly oneTimeToken = randomBytes(24).toString('base64url');
  readonly #sessions = new Map<string, Session>();
  #oneTimeUsed = false;
  readonly #now: () => number;

  constructor(private readonly options: ConsoleSessionOptions) {
    this.#now = options.now ?? (() => Date.now());
  }

  /** Answers the login routes and refuses console GETs without a session; false when the request may go on. */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    // Every AWS JSON API call is a POST to `/`, which is not the login page: parsing its URL would only cost.
    if (req.url === '/' && req.method === 'POST') return false;
    const url = new URL(req.url ?? '/', 'http://console');
    if (url.pathname === loginPath) {
      if (req.method === 'POST') void this.#loginWithForm(req, res);
      else this.#loginPage(url, res);
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    // A signed GET (a REST API such as Scheduler's GET /schedules) needs a good signature instead of a session.
    if (req.headers.authorization !== undefined) return this.#refuseBadSignature(req, res);
    if (this.#session(req) !== undefined) return false;
    if (url.pathname.startsWith('/console/api/')) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8' }).end('Sign in to the console first.\n');
    } else {
      res.writeHead(303, { location: loginPath, 'cache-control': 'no-store' }).end();
    }
    return true;
  }

  /** The account of the request's session, if it has one (the console's live stream acts in it). */
  accountOf(req: IncomingMessage): string | undefined {
    return this.#session(req)?.caller.account;
  }

  /**
   * The caller of an API request carrying the session cookie (undefined without one). The request must come
   * from this origin as the console sends it, so that no other site can make a browser call with the cookie.
   */
  callerOf(req: IncomingMessage): Caller | undefined {
    const session = this.#session(req);
    if (session === undefined) return undefined;
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
    if (type !== 'application/x-amz-json-1.0' || !sameOrigin(req)) {
      throw new ApiError(
        'AccessDeniedException',
        'Cross-origin request refused: the console session only accepts its own calls',
      );
    }
    return session.caller;
  }

  #refuseBadSignature(req: IncomingMessage, res: ServerResponse): boolean {
    try {
      const request = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        rawHeaders: req.rawHeaders,
        body: Buffer.alloc(0),
      };
      this.options.verify(request);
      return false;
    } catch (error) {
      const { status, body } = renderError(error);
      res.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
      return true;
    }
  }

  #loginPage(url: URL, res: ServerResponse): void {
    const token = url.searchParams.get('token');
    if (token !== null) {
      const first = this.options.keys[0];
      if (!this.#oneTimeUsed && first !== undefined && equal(token, this.oneTimeToken)) {
        this.#oneTimeUsed = true;
        this.#startSession(res, first);
        return;
      }
      this.#sendPage(res, 403, 'That sign-in link has been used or is not valid.');
      return;
    }
    this.#sendPage(res, 200, undefined);
  }

  async #loginWithForm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!sameOrigin(req)) {
      this.#sendPage(res, 403, 'Sign-in must come from this server’s own page.');
      return;
    }
    const form = new URLSearchParams(await readForm(req));
    const id = form.get('accessKeyId') ?? '';
    const key = this.options.keys.find((candidate) => candidate.accessKeyId === id);
    // The secret is compared even for an unknown key, so that timing does not tell which keys exist.
    const secret = form.get('secretAccessKey') ?? '';
    const matches = equal(secret, key?.secretAccessKey ?? randomBytes(16).toString('hex'));
    if (key === undefined || !matches) {
      this.#sendPage(res, 401, 'Unknown access key or wrong secret.');
      return;
    }
    this.#startSession(res, key);
  }

  #startSession(res: ServerResponse, key: AccessKey): void {
    const token = randomBytes(32).toString('base64url');
    const caller = callerOfKey(key);
    this.#sessions.set(token, { caller, expires: this.#now() + sessionMs });
    const secure = this.options.secure ? '; Secure' : '';
    res.writeHead(303, {
      location: '/',
      'cache-control': 'no-store',
      'set-cookie': `${cookieName}=${token}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${String(sessionMs / 1000)}${secure}`,
    });
    res.end();
  }

  #session(req: IncomingMessage): Session | undefined {
    const token = cookieOf(req.headers.cookie ?? '', cookieName);
    if (token === undefined) return undefined;
    const session = this.#sessions.get(token);
    if (session === undefined || session.expires < this.#now()) {
      this.#sessions.delete(token);
      return undefined;
    }
    return session;
  }

  #sendPage(res: ServerResponse, status: number, problem: string | undefined): void {
    const body = loginPage(problem);
    res.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
    });
    res.end(body);
  }
}

/** A browser names the page's origin on a POST; it must be this server (Host), and Fetch Metadata must agree. */
function sameOrigin(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return site === 'same-origin';
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function cookieOf(header: string, name: string): string | undefined {
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

function equal(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function readForm(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.length > maxForm) req.destroy();
    });
    req.on('end', () => {
      resolve(text);
    });
    req.on('error', reject);
  });
}
