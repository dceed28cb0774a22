// LocalStack's snapshot rewriting, applied to a harness's own responses before they are compared with `expected`.
import type { ConformanceCase, HarnessValueKind, Replacement } from './case.ts';
import { braceParse, orderDict, type Tree } from './json-tree.ts';
import { keyValueTransform } from './key-value.ts';
import { applyKeyRules, iso8601Source } from './key-rules.ts';
import { pythonJsonDumps } from './python-text.ts';
import { applyStructural, jsonPath } from './structural.ts';
import type { HarnessValues } from './target.ts';
import { TransformContext } from './transform-context.ts';

export type NormalisationCase = Pick<ConformanceCase, 'normalisation'> & Partial<Pick<ConformanceCase, 'expected'>>;

const harnessKeys: Record<HarnessValueKind, keyof HarnessValues> = {
  role_arn: 'roleArn',
  role_name: 'roleName',
  state_machine_name: 'stateMachineName',
  execution_name: 'executionName',
  sync_execution_arn_part1: 'syncExecutionArnPart1',
  sync_execution_arn_part2: 'syncExecutionArnPart2',
};

/** The cause `...'{json}'...` rule of stepfunctions_api(): the JSON becomes `<json-input:N>`. */
function causeJsonInput(key: string, value: unknown): string | undefined {
  if (key !== 'cause' || typeof value !== 'string') return undefined;
  const json = /^.*'(\{.*\})'/.exec(value)?.[1];
  if (json === undefined) return undefined;
  try {
    JSON.parse(json);
    return json;
  } catch {
    return undefined;
  }
}

/** The sfn_snapshot fixture's transformers, which every Step Functions recording went through first. */
function stepFunctionsApi(root: Tree, ctx: TransformContext, c: NormalisationCase): void {
  // Some test modules also masked request ids, a transformer the case files do not list; the expected
  // data shows where (its placeholder text), so apply it only there.
  const masksRequestIds = JSON.stringify(c.expected ?? null).includes('"x-amzn-RequestId":"x-amzn-RequestId"');
  for (const headers of ['AllHttpHeaders', 'HttpHeaders']) {
    jsonPath(root, `$..SdkHttpMetadata.${headers}.Date`, 'date', false, ctx);
    jsonPath(root, `$..SdkHttpMetadata.${headers}.X-Amzn-Trace-Id`, 'X-Amzn-Trace-Id', false, ctx);
    if (masksRequestIds)
      jsonPath(root, `$..SdkHttpMetadata.${headers}.x-amzn-RequestId`, 'x-amzn-RequestId', false, ctx);
  }
  if (masksRequestIds) jsonPath(root, '$..SdkResponseMetadata.RequestId', 'RequestId', false, ctx);
  keyValueTransform(root, causeJsonInput, 'json-input', true, ctx);
}

function caseReplacement(r: Replacement, harness: HarnessValues, ctx: TransformContext): void {
  if (r.type === 'regex') {
    ctx.regex(r.pattern, r.replacement);
    return;
  }
  const roleName = harness.roleName ?? harness.roleArn?.split('/').pop();
  const recorded = r.harness_value === 'state_machine_name' && harness.recordedStateMachineNames?.includes(r.value);
  const value =
    r.harness_value === undefined || recorded === true
      ? undefined
      : { ...harness, roleName }[harnessKeys[r.harness_value]];
  const own = typeof value === 'string' ? value : undefined;
  ctx.literal(own !== undefined && own !== '' ? own : r.value, r.replacement);
}

/**
 * Normalises a whole snapshot (`{matchKey: response, ...}`, walked in insertion order so that reference
 * numbers follow the recording) the way the README describes, and returns it parsed back.
 */
export function normaliseSnapshot(state: Tree, c: NormalisationCase, harness: HarnessValues): Tree {
  const root: Tree = {};
  for (const [key, value] of Object.entries(state)) root[key] = orderDict(value);
  braceParse(root);
  const ctx = new TransformContext();
  stepFunctionsApi(root, ctx, c);
  for (const s of c.normalisation.structural) applyStructural(root, s, ctx);
  for (const r of c.normalisation.replacements) caseReplacement(r, harness, ctx);
  ctx.literal(harness.accountId ?? '111111111111', '111111111111');
  ctx.literal(harness.region ?? 'us-east-1', '<region>');
  ctx.literal('arn:aws:', 'arn:<partition>:');
  applyKeyRules(root, ctx);
  ctx.regex(new RegExp(iso8601Source, 'g'), 'date');
  const out: Tree = {};
  for (const [key, value] of Object.entries(root)) {
    let text = pythonJsonDumps(value);
    for (const replace of ctx.replacements) text = replace(text);
    out[key] = JSON.parse(text) as unknown;
  }
  return out;
}

/** Normalises one response (or `{events}`) on its own. */
export function normalise(value: unknown, c: NormalisationCase, harness: HarnessValues): unknown {
  return normaliseSnapshot({ value }, c, harness).value;
}
