// `stepwise load PATH`: reads a CDK cloud assembly or a CloudFormation/SAM template and creates or updates its
// state machines and activities on a running Stepwise (`--endpoint`), or only reports what it would load
// (`--dry-run`). Functions run where the server was started with `serve --load PATH`.

import { planPath, reportLines } from '../service/iac/load-report.ts';
import { applyPlan, type CallApi } from '../service/iac/apply-plan.ts';
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
  const result = args.options.has('dry-run')
    ? undefined
    : await applyPlan(plan, remoteApi(stringOption(args, 'endpoint') ?? 'http://127.0.0.1:8083'));
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
    const body = (await response.json()) as Record<string, unknown>;
    if (response.ok) return body;
    const message = body.message ?? body.Message;
    const error = new Error(typeof message === 'string' ? message : response.statusText);
    error.name = typeof body.__type === 'string' ? body.__type.replace(/^.*#/, '') : `HTTP ${String(response.status)}`;
    throw error;
  };
}
