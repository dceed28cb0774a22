// Choice: the first rule that matches names the next state (and its Assign and, in JSONata, its Output);
// otherwise Default with the state's own; otherwise States.NoChoiceMatched.

import { StatesErrors } from '../asl/errors.ts';
import type { ChoiceState } from '../asl/types.ts';
import { queryEvaluationFailure } from '../expressions/jsonata/jsonata-expression.ts';
import type { JsonValue } from '../json/json-value.ts';
import { applyOutputPath, effectiveInput } from '../engine/io.ts';
import type { CompiledChoice, CompiledChoiceState } from '../engine/machine.ts';
import type { Outcome, StateContext } from '../engine/state-context.ts';
import { evaluateAssign, exit, jsonataScope } from '../engine/state-exit.ts';
import type { ThreadState } from '../engine/types.ts';

export async function executeChoice(
  run: StateContext,
  thread: ThreadState,
  state: CompiledChoiceState,
): Promise<Outcome> {
  const def = state.def;
  if (state.queryLanguage === 'JSONata') return chooseJsonata(run, thread, state, def);
  const input = effectiveInput(run, thread, state);
  const scope = run.scope(thread, input);
  const chosen = state.choices.find((choice) => choice.rule?.matches(scope) === true);
  const next = chosen?.next ?? def.Default;
  if (next === undefined) return noChoiceMatched();
  const assign = await evaluateAssign(run, thread, chosen ? chosen.assign : state.assign, undefined, input);
  return exit(thread, applyOutputPath(run, thread, state, input), undefined, assign, next);
}

async function chooseJsonata(
  run: StateContext,
  thread: ThreadState,
  state: CompiledChoiceState,
  def: ChoiceState,
): Promise<Outcome> {
  const scope = jsonataScope(run, thread);
  let chosen: CompiledChoice | undefined;
  for (const choice of state.choices) {
    if (choice.condition !== undefined && isTrue(await choice.condition.evaluate(scope), choice)) {
      chosen = choice;
      break;
    }
  }
  const next = chosen?.next ?? def.Default;
  if (next === undefined) return noChoiceMatched();
  const outputTemplate = chosen ? chosen.output : state.jsonata.get('Output');
  const output = outputTemplate ? await outputTemplate.evaluate(scope) : thread.input.value;
  const assign = await evaluateAssign(run, thread, chosen ? chosen.assign : state.assign, scope, thread.input.value);
  return exit(thread, output, undefined, assign, next);
}

function isTrue(value: JsonValue, choice: CompiledChoice): boolean {
  if (typeof value === 'boolean') return value;
  const text = choice.condition?.isExpression ? 'the JSONata expression' : 'the value';
  throw queryEvaluationFailure(
    `The Condition field of a Choice rule must evaluate to a boolean, but ${text} gave ${JSON.stringify(value)}`,
    'Condition',
  );
}

function noChoiceMatched(): Outcome {
  return { kind: 'fail', failure: { error: StatesErrors.NoChoiceMatched, cause: `No Matches!` } };
}
