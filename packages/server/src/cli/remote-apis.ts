// The APIs of a running Stepwise as `stepwise load` calls them: Step Functions (AWS JSON 1.0), EventBridge (1.1),
// Scheduler and Pipes (REST JSON) and Stepwise's own `Stepwise.*` (template records, routes). Each request is
// SigV4-signed when credentials are found as the AWS CLI finds them (AWS_ACCESS_KEY_ID..., then the profile of
// ~/.aws), which `serve --auth` requires; a server without --auth takes signed requests as well.

import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromIni } from '@aws-sdk/credential-provider-ini';
import { SignatureV4 } from '@smithy/signature-v4';
import type { CallApi } from '../service/iac/apply-plan.ts';
import type { TriggerApis } from '../service/iac/apply-triggers.ts';
import { Sha256Checksum } from '../testing/sha256-checksum.ts';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface Remote {
  endpoint: string;
  region: string;
  /** Absent: requests go unsigned. */
  credentials?: Credentials | undefined;
}

/** The credentials of the environment, then of the AWS profile; undefined when there are none. */
export async function localCredentials(): Promise<Credentials | undefined> {
  for (const provider of [fromEnv(), fromIni()]) {
    try {
      return await provider();
    } catch (error) {
      if (!(error instanceof Error) || error.name !== 'CredentialsProviderError') throw error;
    }
  }
  return undefined;
}

interface Call {
  service: string;
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}

/** Sends one request, signed for `service` when the remote has credentials. */
async function send(remote: Remote, call: Call): Promise<Record<string, unknown>> {
  const { url } = call;
  let headers: Record<string, string> = { ...call.headers, host: url.host };
  if (remote.credentials !== undefined) {
    const signer = new SignatureV4({
      ...{ credentials: remote.credentials, region: remote.region, service: call.service },
      sha256: Sha256Checksum,
    });
    const signed = await signer.sign({
      ...{ method: call.method, protocol: url.protocol, hostname: url.hostname, path: url.pathname },
      ...(url.port === '' ? {} : { port: Number(url.port) }),
      query: Object.fromEntries(url.searchParams),
      headers,
      body: call.body,
    });
    headers = signed.headers;
  }
  return answer(await fetch(url, { method: call.method, headers, body: call.body }));
}

/** An AWS JSON API at the endpoint: `prefix` names the target, `version` the protocol (1.0 or 1.1). */
function jsonApi(remote: Remote, service: string, prefix: string, version: string): CallApi {
  return (operation, request) =>
    send(remote, {
      service,
      method: 'POST',
      url: new URL(remote.endpoint),
      headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amz-target': `${prefix}${operation}` },
      body: JSON.stringify(request),
    });
}

/** The Step Functions API of the server. */
export function remoteStates(remote: Remote): CallApi {
  return jsonApi(remote, 'states', 'AWSStepFunctions.', '1.0');
}

/** Stepwise's own operations (service/iac/template-api.ts). */
export function remoteStepwise(remote: Remote): CallApi {
  return jsonApi(remote, 'states', 'Stepwise.', '1.1');
}

/** The same server's EventBridge, Scheduler (`/schedules/NAME`), Pipes (`/v1/pipes/NAME`) and routes. */
export function remoteTriggerApis(remote: Remote): TriggerApis {
  const stepwise = remoteStepwise(remote);
  return {
    events: jsonApi(remote, 'events', 'AWSEvents.', '1.1'),
    scheduler: restApi(remote, 'scheduler', '/schedules/'),
    pipes: restApi(remote, 'pipes', '/v1/pipes/'),
    routes: {
      add: (route) => stepwise('CreateRoute', { route }),
      remove: async (method, path) => {
        await stepwise('DeleteRoute', { method, path });
      },
    },
  };
}

const restMethods: Readonly<Record<string, string>> = { Create: 'POST', Update: 'PUT', Delete: 'DELETE' };

/** Scheduler's and Pipes' REST JSON: Create is POST to the resource's path, Update PUT, Delete DELETE. */
function restApi(remote: Remote, service: string, prefix: string): CallApi {
  return (operation, request) => {
    const { Name, GroupName, ...body } = request;
    const method = restMethods[operation.replace(/^(Create|Update|Delete).*$/, '$1')];
    if (method === undefined) throw new Error(`stepwise load does not call ${operation}`);
    const url = new URL(prefix + encodeURIComponent(typeof Name === 'string' ? Name : ''), remote.endpoint);
    // A schedule's group is in the query for a delete, in the body otherwise (as Scheduler's API has it).
    if (typeof GroupName === 'string') {
      if (method === 'DELETE') url.searchParams.set('groupName', GroupName);
      else body.GroupName = GroupName;
    }
    const content = method === 'DELETE' ? '' : JSON.stringify(body);
    return send(remote, { service, method, url, headers: { 'content-type': 'application/json' }, body: content });
  };
}

/** A response's JSON body, or an error named as the server named it. */
async function answer(response: Response): Promise<Record<string, unknown>> {
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return body;
  const message = body.message ?? body.Message;
  const error = new Error(typeof message === 'string' ? message : response.statusText);
  const type = body.__type ?? response.headers.get('x-amzn-errortype');
  error.name =
    typeof type === 'string' ? type.replace(/^.*#/, '').replace(/:.*$/, '') : `HTTP ${String(response.status)}`;
  throw error;
}
