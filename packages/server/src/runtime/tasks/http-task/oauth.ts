// OAuth client credentials for a connection: one token request (client id and secret as Basic auth,
// `grant_type=client_credentials` plus the connection's OAuthHttpParameters), the token kept until it expires.

import type { ConnectionAuth } from './connections.ts';

type OAuthAuth = Extract<ConnectionAuth, { type: 'OAUTH_CLIENT_CREDENTIALS' }>;

/** Without `expires_in` a token is asked for again after this long. */
const defaultLifetimeMillis = 5 * 60_000;

export class OAuthTokens {
  private readonly cache = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly doFetch: typeof fetch) {}

  async token(connection: string, auth: OAuthAuth, signal?: AbortSignal): Promise<string> {
    const cached = this.cache.get(connection);
    if (cached !== undefined && cached.expiresAt > Date.now()) return cached.token;
    const url = new URL(auth.endpoint);
    for (const { Key, Value } of auth.http.QueryStringParameters) url.searchParams.set(Key, Value);
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    for (const { Key, Value } of auth.http.BodyParameters) form.set(Key, Value);
    const headers = new Headers({
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString('base64')}`,
    });
    for (const { Key, Value } of auth.http.HeaderParameters) headers.set(Key, Value);
    const get = auth.method.toUpperCase() === 'GET';
    if (get) for (const [key, value] of form) url.searchParams.set(key, value);
    const response = await this.doFetch(url, {
      method: auth.method,
      headers,
      body: get ? undefined : form.toString(),
      signal,
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (!response.ok || typeof body.access_token !== 'string') {
      throw new Error(`the authorization endpoint answered ${response.status} without an access_token`);
    }
    const lifetime = typeof body.expires_in === 'number' ? body.expires_in * 1000 : defaultLifetimeMillis;
    this.cache.set(connection, { token: body.access_token, expiresAt: Date.now() + lifetime * 0.9 });
    return body.access_token;
  }
}
