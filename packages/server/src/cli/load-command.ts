// `stepwise load PATH`: reads a CDK cloud assembly or a CloudFormation/SAM template and creates or updates its
// state machines, activities and triggers on a running Stepwise (`--endpoint`), deleting what an earlier load of
// the same PATH made and the template no longer has; or only reports what it would load (`--dry-run`).
// Functions run where the server was started with `serve --load PATH`.

import { resolve } from 'node:path';
import { planPath, reportLines } from '../service/iac/load-report.ts';
import { applyPlan } from '../service/iac/apply-plan.ts';
import type { LoadPlan, LoadProblem } from '../service/iac/load-plan.ts';
import { settleOwnership } from '../service/iac/template-ownership.ts';
import { TemplateError } from '../service/iac/template-file.ts';
import { parseArgs, stringOption, UsageError } from './args.ts';
import type { Io } from './io.ts';
import { localCredentials, remoteStates, remoteStepwise, remoteTriggerApis, type Remote } from './remote-apis.ts';

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
  if (args.options.has('dry-run')) {
    for (const line of reportLines(plan)) io.out(line);
    return plan.problems.length === 0 ? 0 : 1;
  }
  const endpoint = stringOption(args, 'endpoint') ?? 'http://127.0.0.1:8083';
  const remote = { endpoint, region: scope.region, credentials: await localCredentials() };
  const problems = await loadInto(remote, resolve(path), plan, io);
  return plan.problems.length + problems.length === 0 ? 0 : 1;
}

/** Applies the plan, then settles what the template owns; the problems of both. */
async function loadInto(remote: Remote, template: string, plan: LoadPlan, io: Io): Promise<LoadProblem[]> {
  const apis = { states: remoteStates(remote), triggers: remoteTriggerApis(remote), stepwise: remoteStepwise(remote) };
  const result = await applyPlan(plan, apis.states, apis.triggers);
  for (const line of reportLines(plan, result)) io.out(line);
  let settled;
  try {
    settled = await settleOwnership(template, plan, result.applied, apis);
  } catch (error) {
    // The records could not be read or written (a server older than this command): what was loaded stays.
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.out(`not recorded as the template's, nothing removed: ${reason}`);
    return [{ stack: '', logicalId: template, type: 'template records', reason }];
  }
  for (const key of settled.removed) io.out(`removed ${key}, no longer in the template`);
  for (const problem of settled.problems)
    io.out(`not removed: ${problem.logicalId} (${problem.type}): ${problem.reason}`);
  return [...result.problems, ...settled.problems];
}
