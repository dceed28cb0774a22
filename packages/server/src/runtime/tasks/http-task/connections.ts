// EventBridge connections kept by the server: the credentials an HTTP Task's `Authentication.ConnectionArn`
// names. The file uses EventBridge's CreateConnection shape, so a connection can be copied from AWS:
// `{ "NAME": { "AuthorizationType": "API_KEY" | "BASIC" | "OAUTH_CLIENT_CREDENTIALS", "AuthParameters": {...} } }`.
// Secrets stay here: they are added to the outgoing request and never reach history, outputs or logs.

import { readFileSync } from 'node:fs';

export interface HttpParameter {
  Key: string;
  Value: string;
}

/** EventBridge's InvocationHttpParameters (and OAuthHttpParameters): extra headers, query and body fields. */
export interface HttpParameters {
  HeaderParameters: HttpParameter[];
  QueryStringParameters: HttpParameter[];
  BodyParameters: HttpParameter[];
}

export type ConnectionAuth =
  | { type: 'API_KEY'; name: string; value: string }
  | { type: 'BASIC'; username: string; password: string }
  | {
      type: 'OAUTH_CLIENT_CREDENTIALS';
      endpoint: string;
      method: string;
      clientId: string;
      clientSecret: string;
      http: HttpParameters;
    };

export interface Connection {
  name: string;
  auth: ConnectionAuth;
  invocation: HttpParameters;
}

export class ConnectionsError extends Error {
  override name = 'ConnectionsError';
}

export type Connections = ReadonlyMap<string, Connection>;

export function loadConnections(file: string): Connections {
  return parseConnections(readFileSync(file, 'utf8'), file);
}

/** Parses a connections file; throws ConnectionsError naming the file and the field at fault. */
export function parseConnections(text: string, file: string): Connections {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ConnectionsError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  const connections = new Map<string, Connection>();
  for (const [name, body] of Object.entries(object(root, file, ''))) {
    const at = `/${name}`;
    const spec = object(body, file, at);
    const params = object(spec.AuthParameters ?? {}, file, `${at}/AuthParameters`);
    const auth = parseAuth(spec.AuthorizationType, params, file, at);
    const invocation = parseHttpParameters(params.InvocationHttpParameters, file, `${at}/AuthParameters`);
    connections.set(name, { name, auth, invocation });
  }
  return connections;
}

function parseAuth(type: unknown, params: Record<string, unknown>, file: string, at: string): ConnectionAuth {
  const where = `${at}/AuthParameters`;
  switch (type) {
    case 'API_KEY': {
      const key = object(params.ApiKeyAuthParameters, file, `${where}/ApiKeyAuthParameters`);
      return {
        type,
        name: text(key.ApiKeyName, file, `${where}/ApiKeyAuthParameters/ApiKeyName`),
        value: text(key.ApiKeyValue, file, `${where}/ApiKeyAuthParameters/ApiKeyValue`),
      };
    }
    case 'BASIC': {
      const basic = object(params.BasicAuthParameters, file, `${where}/BasicAuthParameters`);
      return {
        type,
        username: text(basic.Username, file, `${where}/BasicAuthParameters/Username`),
        password: text(basic.Password, file, `${where}/BasicAuthParameters/Password`),
      };
    }
    case 'OAUTH_CLIENT_CREDENTIALS': {
      const oauthAt = `${where}/OAuthParameters`;
      const oauth = object(params.OAuthParameters, file, oauthAt);
      const client = object(oauth.ClientParameters, file, `${oauthAt}/ClientParameters`);
      return {
        type,
        endpoint: text(oauth.AuthorizationEndpoint, file, `${oauthAt}/AuthorizationEndpoint`),
        method: oauth.HttpMethod === undefined ? 'POST' : text(oauth.HttpMethod, file, `${oauthAt}/HttpMethod`),
        clientId: text(client.ClientID, file, `${oauthAt}/ClientParameters/ClientID`),
        clientSecret: text(client.ClientSecret, file, `${oauthAt}/ClientParameters/ClientSecret`),
        http: parseHttpParameters(oauth.OAuthHttpParameters, file, oauthAt),
      };
    }
    default:
      throw new ConnectionsError(
        `${file}: ${at}/AuthorizationType must be API_KEY, BASIC or OAUTH_CLIENT_CREDENTIALS, not ${JSON.stringify(type ?? null)}`,
      );
  }
}

function parseHttpParameters(value: unknown, file: string, at: string): HttpParameters {
  const body = value === undefined ? {} : object(value, file, at);
  const list = (field: string): HttpParameter[] => {
    const items = body[field] ?? [];
    if (!Array.isArray(items)) throw new ConnectionsError(`${file}: ${at}/${field} must be an array`);
    return items.map((item, index) => {
      const entry = object(item, file, `${at}/${field}/${index}`);
      const key = text(entry.Key, file, `${at}/${field}/${index}/Key`);
      const raw = entry.Value;
      return { Key: key, Value: typeof raw === 'string' ? raw : JSON.stringify(raw ?? '') };
    });
  };
  return {
    HeaderParameters: list('HeaderParameters'),
    QueryStringParameters: list('QueryStringParameters'),
    BodyParameters: list('BodyParameters'),
  };
}

function object(value: unknown, file: string, at: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ConnectionsError(`${file}: ${at || '/'} must be an object`);
}

function text(value: unknown, file: string, at: string): string {
  if (typeof value === 'string') return value;
  throw new ConnectionsError(`${file}: ${at} must be a string`);
}

/** The connection a ConnectionArn (`arn:aws:events:REGION:ACCOUNT:connection/NAME/ID`) or a bare name refers to. */
export function findConnection(connections: Connections, reference: string): Connection | undefined {
  const name = /:connection\/([^/]+)/.exec(reference)?.[1] ?? reference;
  return connections.get(name) ?? connections.get(reference);
}
