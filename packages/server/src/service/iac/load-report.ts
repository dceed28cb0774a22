// Reads a load PATH into one plan, and says what a load did in lines a person reads: what was created,
// updated or left as it was, the functions mapped to local code, and each resource not loaded with why.

import { emptyPlan, planTemplate, type LoadPlan, type PlanScope } from './load-plan.ts';
import { loadSources } from './load-sources.ts';
import type { ApplyResult } from './apply-plan.ts';

/** Every stack of PATH (a cloud assembly or a template) in one plan. Throws TemplateError for unreadable input. */
export function planPath(path: string, scope: PlanScope): LoadPlan {
  const plan = emptyPlan();
  for (const source of loadSources(path)) planTemplate(source, scope, plan);
  return plan;
}

export function reportLines(plan: LoadPlan, result?: ApplyResult): string[] {
  const lines: string[] = [];
  if (result === undefined) {
    for (const machine of plan.stateMachines)
      lines.push(`state machine ${machine.name} (${machine.type}) from ${machine.logicalId}`);
    for (const activity of plan.activities) lines.push(`activity ${activity.name} from ${activity.logicalId}`);
    for (const trigger of plan.triggers) {
      const name = trigger.kind === 'rule' ? trigger.rule.Name : trigger.schedule.Name;
      lines.push(`${trigger.kind} ${String(name)} from ${trigger.logicalId}`);
    }
  } else {
    for (const arn of result.created) lines.push(`created ${arn}`);
    for (const arn of result.updated) lines.push(`updated ${arn}`);
    for (const arn of result.unchanged) lines.push(`unchanged ${arn}`);
    for (const arn of result.activities) lines.push(`activity ${arn}`);
    for (const arn of result.triggers) lines.push(`trigger ${arn}`);
  }
  for (const fn of plan.functions) {
    lines.push(`function ${fn.name} (${fn.runtime}, ${fn.handler}) runs ${fn.codeDir}`);
  }
  for (const problem of [...plan.problems, ...(result?.problems ?? [])]) {
    const where = problem.stack === '' ? problem.logicalId : `${problem.stack}/${problem.logicalId}`;
    lines.push(`not loaded: ${where} (${problem.type}): ${problem.reason}`);
  }
  const ignored = Object.entries(plan.ignored).map(([type, count]) => `${type} x${String(count)}`);
  if (ignored.length > 0) lines.push(`ignored (no local counterpart): ${ignored.join(', ')}`);
  return lines;
}
