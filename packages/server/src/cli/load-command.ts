// `stepwise load PATH`: reads a CDK cloud assembly or a CloudFormation/SAM template and creates or updates its
// state machines and activities on a running Stepwise (`--endpoint`), or only reports what it would load
// (`--dry-run`). Functions run where the server was started with `serve --load PATH`.

import { planPath, reportLines } from '../service/iac/load-report.ts';
import { applyPlan, type CallApi } from '../service/iac/apply-plan.ts';
import type { TriggerApis } from '../service/iac/apply-triggers.ts';
import { TemplateError } from '../service/iac/template-file.ts';
import { parseArgs, stringOption, UsageError } from './args.ts';
import type { Io } from './io.ts';

export { loadUsage } from './load-usage.ts';

export async function loadCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['dry-run'], ['endpoint', 'region', 'account']);
  const [path, ...extra] = args.positional;
  if (path === undefined || extra.length > 0) throw new UsageError('load takes one PATH: stepwise load cdk.out');
  const scope = {
    region: stringOption(args, 'region') ?? 'us-east-1',
    accountId: stringOption(args, 'account') ?? '123456789012',
  };
  let plan;
  try {
    plan = planPath(path, scope);
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    io.err(`stepwise: ${error.message}`);
    return 2;
  }
  const endpoint = stringOption(args, 'endpoint') ?? 'http://127.0.0.1:8083';
  const result = args.options.has('dry-run')
    ? undefined
    : await applyPlan(plan, remoteApi(endpoint), remoteTriggerApis(endpoint));
  for (const line of reportLines(plan, result)) io.out(line);
  return plan.problems.length + (result?.problems.length ?? 0) === 0 ? 0 : 1;
}

/** The Step Functions API of a server at `endpoint`, over AWS JSON 1.0. */
export function remoteApi(endpoint: string): CallApi {
  return async (operation, request) => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AWSStepFunctions.${operation}` },
      body: JSON.stringify(request),
    });
    return answer(response);
  };
}

const restMethods: Readonly<Record<string, string>> = { Create: 'POST', Update: 'PUT' };

/** The same server's EventBridge (AWS JSON 1.1) and Scheduler (REST: `/schedules/NAME`) APIs. */
export function remoteTriggerApis(endpoint: string): TriggerApis {
  const base = endpoint.replace(/\/+$/, '');
  return {
    events: async (operation, request) =>
      answer(
        await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSEvents.${operation}` },
          body: JSON.stringify(request),
        }),
      ),
    scheduler: restApi(`${base}/schedules/`),
    pipes: restApi(`${base}/v1/pipes/`),
    routes: {
      add: async (route) => answer(await fetch(`${base}/console/api/routes`, jsonRequest('POST', route))),
      remove: async (method, path) => {
        await answer(await fetch(`${base}/console/api/routes`, jsonRequest('DELETE', { method, path })));
      },
    },
  };
}

/** The console's routes API (a server without --auth: with it, the console's session is needed). */
function jsonRequest(method: string, body: object): RequestInit {
  return { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

/** Scheduler's and Pipes' REST JSON: Create is POST to the resource's path, Update PUT. */
function restApi(prefix: string): CallApi {
  return async (operation, request) => {
    const { Name, ...body } = request;
    const method = restMethods[operation.replace(/^(Create|Update).*$/, '$1')];
    if (method === undefined) throw new Error(`stepwise load does not call ${operation}`);
    const url = prefix + encodeURIComponent(typeof Name === 'string' ? Name : '');
    const headers = { 'content-type': 'application/json' };
    return answer(await fetch(url, { method, headers, body: JSON.stringify(body) }));
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
