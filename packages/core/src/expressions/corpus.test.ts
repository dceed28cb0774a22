// Replays the JSONPath-mode Pass-state cases of the AWS-recorded corpus through paths, templates and intrinsics.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { StatesFailure } from '../asl/errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';
import { compilePath, compilePayloadTemplate, compileReferencePath } from './index.ts';
import { scopeOf } from './test-support/scope.ts';

const CASES = new URL('../../../../../shared/conformance/localstack/cases/', import.meta.url);

/** Values the recorded outputs replaced, so they cannot be compared literally. */
const NORMALISED_OUTPUTS: Readonly<Record<string, string>> = {
  'intrinsic_functions.unique_id_generation.uuid': 'a random UUID, recorded as "generated-uuid"',
};

interface Case {
  id: string;
  definition: { QueryLanguage?: string; States: Record<string, JsonObject> };
  input: JsonValue;
  expected: { status: string; output: JsonValue; error: string | null; cause: string | null };
}

function loadCases(): Case[] {
  const prefixes = [
    'intrinsic_functions.',
    'base.base.json_path',
    'base.base.state_pass_regex',
    'scenarios.base_scenarios.escape_sequence_parsing.ESCAPE_SEQUENCES_JSONPATH',
    'scenarios.base_scenarios.invalid_jsonpath.INVALID_JSONPATH_IN_STRING_EXPR',
  ];
  return readdirSync(CASES)
    .filter((file) => prefixes.some((prefix) => file.startsWith(prefix)) && !file.includes('jsonata'))
    .map((file) => JSON.parse(readFileSync(new URL(file, CASES), 'utf8')) as Case)
    .filter((c) => Object.keys(c.definition.States).length === 1 && c.definition.QueryLanguage !== 'JSONata');
}

/** The context object with the placeholders the corpus normalised names to. */
function contextFor(input: JsonValue, stateName: string): JsonValue {
  const machine = '<ArnPart_0idx>';
  return {
    Execution: {
      Id: 'arn:<partition>:states:<region>:111111111111:execution:x',
      Input: input,
      Name: '<ExecArnPart_0idx>',
      StartTime: 'date',
    },
    StateMachine: { Id: `arn:<partition>:states:<region>:111111111111:stateMachine:${machine}`, Name: machine },
    State: { Name: stateName, EnteredTime: 'date', RetryCount: 0 },
  };
}

/** InputPath, Parameters, ResultPath and OutputPath of a JSONPath Pass state. */
function runPass(state: JsonObject, input: JsonValue, context: JsonValue): JsonValue {
  const text = (field: string): string | undefined => {
    const value = state[field];
    return typeof value === 'string' ? value : undefined;
  };
  const effective =
    text('InputPath') === undefined
      ? input
      : compilePath(text('InputPath') ?? '$').evaluateStrict(scopeOf(input, { context }));
  const result =
    state.Parameters === undefined
      ? effective
      : compilePayloadTemplate(state.Parameters).evaluate(scopeOf(effective, { context }));
  const combined =
    text('ResultPath') === undefined ? result : compileReferencePath(text('ResultPath') ?? '$').assign(input, result);
  const outputPath = text('OutputPath');
  return outputPath === undefined ? combined : compilePath(outputPath).evaluateStrict(scopeOf(combined, { context }));
}

/** The cause without the engine's "An error occurred while executing the state ..." prefix. */
function causeTail(cause: string): string {
  return cause.replace(/^An error occurred while executing the state '[^']*' \(entered at the event id #\d+\)\. /, '');
}

for (const corpusCase of loadCases()) {
  const [stateName, state] = Object.entries(corpusCase.definition.States)[0] ?? [];
  if (state?.Type !== 'Pass' || stateName === undefined) continue;
  test(corpusCase.id, () => {
    const skip = NORMALISED_OUTPUTS[corpusCase.id];
    const context = contextFor(corpusCase.input, stateName);
    const { expected } = corpusCase;
    if (expected.status === 'FAILED') {
      assert.throws(
        () => runPass(state, corpusCase.input, context),
        (error: unknown) => {
          assert.ok(error instanceof StatesFailure);
          assert.equal(error.error, expected.error);
          const cause = (error.cause ?? '').replace(/'\{.*\}'$/, "'<json-input:1>'");
          assert.equal(cause, causeTail(expected.cause ?? ''));
          return true;
        },
      );
      return;
    }
    const output = runPass(state, corpusCase.input, context);
    if (skip !== undefined) return;
    if (isJsonObject(expected.output) && expected.output.FunctionResult === 'RandomNumberGenerated') {
      // MathRandom's value is normalised away; check it is an integer in [start, end).
      const result = (output as JsonObject).FunctionResult;
      const { fst, snd } = (corpusCase.input as JsonObject).FunctionInput as JsonObject;
      assert.ok(typeof result === 'number' && Number.isInteger(result));
      assert.ok(result >= Math.round(fst as number) && result < Math.round(snd as number));
      return;
    }
    assert.deepEqual(output, expected.output);
  });
}
