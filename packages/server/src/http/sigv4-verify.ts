// AWS Signature Version 4 checked on the server side: the canonical request rebuilt from what arrived (the body's
// hash bound in), the date checked against a ±15 minute window, the signature compared in constant time.

import { createHmac, hash, timingSafeEqual } from 'node:crypto';
import { ApiError } from '../service/errors.ts';
import { HmacSha256Key } from './hmac-sha256.ts';

/** What the verifier needs of a request: its line and headers exactly as sent, and its body's bytes. */
export interface SignedRequest {
  method: string;
  /** The request target as sent (path and query, still percent-encoded). */
  url: string;
  /** Header names and values in arrival order (node's `rawHeaders`). */
  rawHeaders: readonly string[];
  body: Buffer;
}

export interface SigningSecret {
  secretAccessKey: string;
  /** When set, requests must carry it as X-Amz-Security-Token (temporary credentials). */
  sessionToken?: string;
}

export interface VerifyOptions {
  /** The secret of an access key id, or undefined for a key this server does not know. */
  secretOf(accessKeyId: string): SigningSecret | undefined;
  /** The region clients must sign for (the server's own). */
  region: string;
  /** Signing names accepted in the credential scope (states, events, scheduler, pipes, logs). */
  services: ReadonlySet<string>;
  now: () => number;
}

const algorithm = 'AWS4-HMAC-SHA256';
const skewMs = 15 * 60 * 1000;
const invalidToken = 'The security token included in the request is invalid.';
const mismatch =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

/** Verifies the request's SigV4 Authorization header; returns the access key id that signed it. */
export function verifySigV4(request: SignedRequest, options: VerifyOptions): string {
  const headers = request.rawHeaders;
  const authorization = headerValue(headers, 'authorization');
  if (authorization === undefined)
    throw new ApiError('MissingAuthenticationTokenException', 'Missing Authentication Token');
  const [auth, signature] = parseAuthorization(authorization);
  const amzDate = requestDate(headers);
  checkScope(auth, amzDate, options);
  checkSkew(amzDate, options.now());
  const secret = options.secretOf(auth.accessKeyId);
  if (secret === undefined) throw new ApiError('UnrecognizedClientException', invalidToken);
  checkSessionToken(headers, auth.signsToken, secret);
  const payloadHash = hash('sha256', request.body, 'hex');
  const declared = headerValue(headers, 'x-amz-content-sha256');
  if (declared !== undefined && declared !== payloadHash) {
    throw new ApiError(
      'InvalidSignatureException',
      'The provided x-amz-content-sha256 header does not match what was computed.',
    );
  }
  const canonical = canonicalRequest(request, headers, auth, payloadHash);
  const stringToSign = `${algorithm}\n${amzDate.text}\n${auth.scope}\n${sha256Hex(canonical)}`;
  const expected = keyOf(auth, secret.secretAccessKey).digest(stringToSign);
  // Decoded into a buffer kept for it: the check is synchronous, so no other request can be using it.
  // The signature is 64 hex digits (parseAuthorization checked), so the kept buffer is filled whole.
  givenSignature.write(signature, 'hex');
  if (!timingSafeEqual(givenSignature, expected)) {
    throw new ApiError('InvalidSignatureException', mismatch);
  }
  return auth.accessKeyId;
}

/** The Authorization header's fields but its signature: the same for every request a client signs in a day. */
interface Authorization {
  accessKeyId: string;
  scope: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  /** `signedHeaders` joined by ';', as the canonical request lists them. */
  signedList: string;
  signsHost: boolean;
  signsToken: boolean;
  /** The signing key last derived for this scope, and the secret it was derived from. */
  key?: { secret: string; hmac: HmacSha256Key };
}

const givenSignature = Buffer.alloc(32);

/** Parsed headers by everything before their Signature: a client's requests differ only in it (and by day). */
const parsedScopes = new Map<string, Authorization>();
const signatureField = ', Signature=';

/** 64 lower-case hex digits (read without a regular expression: this runs on every request). */
function isHexSignature(text: string): boolean {
  if (text.length !== 64) return false;
  for (let i = 0; i < 64; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** The header's fields and its signature (64 hex digits, else InvalidSignatureException). */
function parseAuthorization(header: string): [Authorization, string] {
  const at = header.lastIndexOf(signatureField);
  const scope = at < 0 ? undefined : header.slice(0, at);
  const signature = at < 0 ? '' : header.slice(at + signatureField.length);
  const cached = scope === undefined ? undefined : parsedScopes.get(scope);
  if (cached !== undefined && isHexSignature(signature)) return [cached, signature];
  const [parsed, parsedSignature] = parseAuthorizationFully(header);
  // Kept only when the signature is the last field, so that a hit parses exactly as a miss would.
  if (scope !== undefined && parsedSignature === signature) {
    if (parsedScopes.size > 1000) parsedScopes.clear();
    parsedScopes.set(scope, parsed);
  }
  return [parsed, parsedSignature];
}

function parseAuthorizationFully(header: string): [Authorization, string] {
  const [scheme = '', ...rest] = header.trim().split(/\s+/);
  if (scheme !== algorithm) {
    throw new ApiError(
      'IncompleteSignatureException',
      `Unsupported authorization scheme '${scheme}': only ${algorithm} is accepted.`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of rest.join(' ').split(',')) {
    const at = part.indexOf('=');
    if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !fields.has(name));
  if (missing.length > 0) {
    const list = missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ');
    throw new ApiError('IncompleteSignatureException', `${list} Authorization=${scheme} ...`);
  }
  const credential = (fields.get('Credential') ?? '').split('/');
  const [accessKeyId = '', date = '', region = '', service = '', terminator] = credential;
  if (credential.length !== 5 || terminator !== 'aws4_request' || accessKeyId === '') {
    throw new ApiError(
      'IncompleteSignatureException',
      `Credential must have the form <key>/<date>/<region>/<service>/aws4_request.`,
    );
  }
  const signature = fields.get('Signature') ?? '';
  if (!isHexSignature(signature)) throw new ApiError('InvalidSignatureException', mismatch);
  const signedList = fields.get('SignedHeaders') ?? '';
  const signedHeaders = signedList.split(';');
  const scope = credential.slice(1).join('/');
  const signs = {
    signsHost: signedHeaders.includes('host'),
    signsToken: signedHeaders.includes('x-amz-security-token'),
  };
  return [{ accessKeyId, scope, date, region, service, signedHeaders, signedList, ...signs }, signature];
}

interface AmzDate {
  text: string;
  ms: number;
}

/** The last date read: requests signed in the same second carry the same text. */
let lastDate: AmzDate | undefined;

function requestDate(headers: readonly string[]): AmzDate {
  const text = headerValue(headers, 'x-amz-date');
  if (text !== undefined && text === lastDate?.text) return lastDate;
  if (text === undefined) {
    throw new ApiError(
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const [year, month, day, hour, minute, second] = (match?.slice(1) ?? []).map(Number);
  const ms = match === null ? NaN : Date.UTC(year ?? 0, (month ?? 0) - 1, day, hour, minute, second);
  if (Number.isNaN(ms)) {
    throw new ApiError('IncompleteSignatureException', `X-Amz-Date '${text}' is not of the form yyyyMMdd'T'HHmmss'Z'.`);
  }
  lastDate = { text, ms };
  return lastDate;
}

function checkScope(auth: Authorization, amzDate: AmzDate, options: VerifyOptions): void {
  if (auth.date.length !== 8 || !amzDate.text.startsWith(auth.date)) {
    throw new ApiError(
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.text.slice(0, 8)}'`,
    );
  }
  if (auth.region !== options.region) {
    throw new ApiError(
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${auth.region}'. `,
    );
  }
  if (!options.services.has(auth.service)) {
    throw new ApiError(
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${auth.service}' is not served here. `,
    );
  }
  if (!auth.signsHost) {
    throw new ApiError('InvalidSignatureException', "'Host' must be a 'SignedHeader' in the AWS Authorization.");
  }
}

function checkSkew(date: AmzDate, now: number): void {
  if (date.ms < now - skewMs) {
    throw new ApiError(
      'InvalidSignatureException',
      `Signature expired: ${date.text} is now earlier than ${compact(now - skewMs)} (${compact(now)} - 15 min.)`,
    );
  }
  if (date.ms > now + skewMs) {
    throw new ApiError(
      'InvalidSignatureException',
      `Signature not yet current: ${date.text} is still later than ${compact(now + skewMs)} (${compact(now)} + 15 min.)`,
    );
  }
}

function checkSessionToken(headers: readonly string[], signsToken: boolean, secret: SigningSecret): void {
  const token = headerValue(headers, 'x-amz-security-token');
  if (token === undefined && secret.sessionToken === undefined) return;
  const expected = Buffer.from(secret.sessionToken ?? '');
  const given = Buffer.from(token ?? '');
  const same = expected.length === given.length && timingSafeEqual(expected, given);
  if (!same || !signsToken) throw new ApiError('UnrecognizedClientException', invalidToken);
}

function compact(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * Header `name` (lower case) as the canonical request has it: repeats joined by commas, each value trimmed with
 * inner runs of spaces collapsed; undefined when absent. Read from the raw list at each use rather than from a
 * map of every header: a request looks up about ten, and building the map was most of the check's allocations.
 */
function headerValue(raw: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!isName(raw[i] ?? '', name)) continue;
    const sent = (raw[i + 1] ?? '').trim();
    const one = sent.includes('  ') || sent.includes('\t') ? sent.replace(/\s+/g, ' ') : sent;
    value = value === undefined ? one : `${value},${one}`;
  }
  return value;
}

/** Whether a header name as sent is `lower` in any case (header names are ASCII tokens). */
function isName(sent: string, lower: string): boolean {
  if (sent.length !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    const c = sent.charCodeAt(i);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function canonicalRequest(
  request: SignedRequest,
  headers: readonly string[],
  auth: Authorization,
  payloadHash: string,
): string {
  const at = request.url.indexOf('?');
  const path = at < 0 ? request.url : request.url.slice(0, at);
  const query = at < 0 ? '' : request.url.slice(at + 1);
  let lines = '';
  for (const name of auth.signedHeaders) lines += `${name}:${headerValue(headers, name) ?? ''}\n`;
  // The AWS JSON APIs post to `/`: its canonical form is itself.
  const canonical = path === '/' ? path : canonicalPath(path);
  return `${request.method}\n${canonical}\n${canonicalQuery(query)}\n${lines}\n${auth.signedList}\n${payloadHash}`;
}

/** The path as sent, dot segments resolved, encoded once more (every service but S3 signs it double-encoded). */
function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `/${segments.map(escape).join('/')}${trailing}`;
}

function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs = query.split('&').map((pair) => {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    const value = at < 0 ? '' : pair.slice(at + 1);
    return [escape(decode(key)), escape(decode(value))] as const;
  });
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded. */
function escape(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function sha256Hex(text: string): string {
  return hash('sha256', text, 'hex');
}

/** The scope's signing key for `secret`: kept on the parsed scope, so a request builds no cache key to look up. */
function keyOf(auth: Authorization, secret: string): HmacSha256Key {
  if (auth.key?.secret !== secret) {
    auth.key = { secret, hmac: signingKey(secret, auth.date, auth.region, auth.service) };
  }
  return auth.key.hmac;
}

const keyCache = new Map<string, HmacSha256Key>();

/** The derived key depends only on secret, day, region and service: kept, so a request costs one HMAC. */
function signingKey(secret: string, date: string, region: string, service: string): HmacSha256Key {
  const id = `${date}/${region}/${service}/${secret}`;
  const cached = keyCache.get(id);
  if (cached !== undefined) return cached;
  let key = createHmac('sha256', `AWS4${secret}`).update(date).digest();
  for (const part of [region, service, 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  if (keyCache.size > 1000) keyCache.clear();
  const prepared = new HmacSha256Key(key);
  keyCache.set(id, prepared);
  return prepared;
}
