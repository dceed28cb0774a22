// Checks our Choice rule evaluation against every JSONPath-mode Choice state of the AWS-recorded corpus: the branch
// each recorded execution took (read from its history, its TestState response, or its output) must be ours.
/// <reference types="node" />

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { ChoiceRule, ChoiceState } from '../asl/types.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import { isJsonObject, jsonEquals } from '../json/json-value.ts';
import { StatesFailure } from '../asl/errors.ts';
import type { EvaluationScope } from '../expressions/scope.ts';
import { compilePath } from '../expressions/index.ts';
import { compileChoiceRule } from './choice-rules.ts';

interface CorpusCase {
  id: string;
  kind: string;
  category: string;
  definition: JsonObject;
  input?: JsonValue;
  expected: {
    status?: string;
    output?: JsonValue;
    error?: string | null;
    events?: JsonObject[] | null;
    response?: JsonObject | null;
  };
}

/** Which rule a Choice state took (its index; Choices.length for Default), or the failure it raised. */
type Outcome = { branch: number } | { error: string };

/** A compiled Choice state: its decision and the state each branch leads to. */
interface Chooser {
  readonly targets: readonly (string | undefined)[];
  effectiveInput(input: JsonValue): JsonValue;
  choose(scope: EvaluationScope): Outcome;
  /** The branches that go to `target`, narrowed by the variables AWS recorded as assigned when there are several. */
  branchesTo(target: string | undefined, assigned: JsonObject | undefined): number[];
}

function scopeOf(input: JsonValue, variables: Record<string, JsonValue>, executionInput: JsonValue): EvaluationScope {
  const unavailable = (): never => {
    throw new Error('not used by Choice rules');
  };
  const context = { Execution: { Input: executionInput } };
  return { input, context, variables, services: { uuid: unavailable, random: unavailable, hash: unavailable } };
}

function stringOr(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** Recorded payloads are JSON text unless the snapshot's brace parsing already turned them into objects. */
function parseRecorded(value: JsonValue): JsonValue {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return value;
  }
}

/** Every JSONPath-mode Choice state, at any depth (Parallel branches, Map processors), by name. */
function choiceStatesOf(block: JsonObject, jsonata = false): Map<string, ChoiceState> {
  const found = new Map<string, ChoiceState>();
  const blockJsonata = jsonata || block.QueryLanguage === 'JSONata';
  const states = isJsonObject(block.States) ? block.States : {};
  for (const [name, state] of Object.entries(states)) {
    if (!isJsonObject(state)) continue;
    const stateJsonata = state.QueryLanguage === undefined ? blockJsonata : state.QueryLanguage === 'JSONata';
    const usesCondition = JSON.stringify(state.Choices ?? []).includes('"Condition"');
    if (state.Type === 'Choice' && !stateJsonata && !usesCondition) found.set(name, state as unknown as ChoiceState);
    const inner = [state.ItemProcessor, state.Iterator, ...(Array.isArray(state.Branches) ? state.Branches : [])];
    for (const child of inner) {
      if (isJsonObject(child)) for (const entry of choiceStatesOf(child, stateJsonata)) found.set(...entry);
    }
  }
  return found;
}

function compileChooser(state: ChoiceState): Chooser {
  const rules = state.Choices.map((rule) => compileChoiceRule(rule));
  const targets = [...rules.map((rule) => rule.next), state.Default];
  const inputPath = typeof state.InputPath === 'string' ? compilePath(state.InputPath) : undefined;
  const assigns: (JsonObject | undefined)[] = [...state.Choices.map((rule: ChoiceRule) => rule.Assign), state.Assign];
  return {
    targets,
    effectiveInput: (input) => {
      if (state.InputPath === null) return {};
      return inputPath === undefined ? input : (inputPath.evaluate(scopeOf(input, {}, input)) ?? null);
    },
    choose: (scope) => {
      try {
        const index = rules.findIndex((rule) => rule.matches(scope));
        if (index !== -1) return { branch: index };
        return state.Default === undefined ? { error: 'States.NoChoiceMatched' } : { branch: rules.length };
      } catch (error) {
        if (error instanceof StatesFailure) return { error: error.error };
        throw error;
      }
    },
    branchesTo: (target, assigned) => {
      const all = targets.flatMap((name, i) => (name === target ? [i] : []));
      if (all.length < 2 || assigned === undefined) return all;
      return all.filter((i) => literalAssignsAgree(assigns[i], assigned));
    },
  };
}

/** The constant (non-`.$`) assignments of a branch agree with the variables AWS recorded. */
function literalAssignsAgree(assign: JsonObject | undefined, assigned: JsonObject): boolean {
  return Object.entries(assign ?? {}).every(
    ([name, value]) => name.endsWith('.$') || jsonEquals(parseRecorded(assigned[name] ?? null), value),
  );
}

/** One Choice evaluation checked: what we decided and what AWS recorded. */
interface Verdict {
  consistent: boolean;
  detail: string;
}

const casesDir = fileURLToPath(new URL('../../../../../shared/conformance/localstack/cases/', import.meta.url));

function loadCases(): CorpusCase[] {
  let files: string[];
  try {
    files = readdirSync(casesDir).filter((file) => file.endsWith('.json'));
  } catch {
    return [];
  }
  return files
    .sort()
    .map((file) => JSON.parse(readFileSync(casesDir + file, 'utf8')) as CorpusCase)
    .filter((corpusCase) => JSON.stringify(corpusCase.definition).includes('"Choice"'));
}

function describeOutcome(outcome: Outcome): string {
  return 'error' in outcome ? `error ${outcome.error}` : `branch ${outcome.branch}`;
}

/** TestState of a single Choice state: the response names the next state. */
function checkTestState(corpusCase: CorpusCase, chooser: Chooser): Verdict[] {
  const response = corpusCase.expected.response ?? {};
  const outcome = chooser.choose(scopeOf(corpusCase.input ?? {}, {}, {}));
  const next = 'error' in outcome ? undefined : chooser.targets[outcome.branch];
  const consistent = typeof response.nextState === 'string' ? next === response.nextState : 'error' in outcome;
  return [{ consistent, detail: `ours ${String(next)}, AWS ${JSON.stringify(response.nextState)}` }];
}

/** Executions with a recorded history: every ChoiceStateEntered is followed by the state the choice went to. */
function checkHistory(events: JsonObject[], choosers: ReadonlyMap<string, Chooser>, input: JsonValue): Verdict[] {
  const byPrevious = new Map<number, JsonObject[]>();
  for (const event of events) {
    const previous = Number(event.previousEventId);
    byPrevious.set(previous, [...(byPrevious.get(previous) ?? []), event]);
  }
  const variables: Record<string, JsonValue> = {};
  const verdicts: Verdict[] = [];
  for (const event of events) {
    const entered = event.stateEnteredEventDetails;
    const chooser = isJsonObject(entered) ? choosers.get(stringOr(entered.name)) : undefined;
    if (event.type === 'ChoiceStateEntered' && isJsonObject(entered) && chooser !== undefined) {
      const scope = scopeOf(chooser.effectiveInput(parseRecorded(entered.input ?? null)), variables, input);
      verdicts.push(judgeHistory(chooser, chooser.choose(scope), Number(event.id), byPrevious));
    }
    collectAssigned(event, variables);
  }
  return verdicts;
}

function collectAssigned(event: JsonObject, variables: Record<string, JsonValue>): void {
  const exited = event.stateExitedEventDetails;
  if (!isJsonObject(exited) || !isJsonObject(exited.assignedVariables)) return;
  for (const [name, value] of Object.entries(exited.assignedVariables)) variables[name] = parseRecorded(value);
}

function judgeHistory(chooser: Chooser, ours: Outcome, id: number, byPrevious: Map<number, JsonObject[]>): Verdict {
  const exited = byPrevious.get(id)?.find((event) => event.type === 'ChoiceStateExited');
  if (exited === undefined) {
    const failed = byPrevious.get(id)?.find((event) => stringOr(event.type).endsWith('Failed'));
    const recorded = failed === undefined ? undefined : JSON.stringify(failed);
    const consistent = 'error' in ours && recorded !== undefined && recorded.includes(ours.error);
    return { consistent, detail: `ours ${describeOutcome(ours)}, AWS ${String(recorded)}` };
  }
  const nextEntered = byPrevious.get(Number(exited.id))?.find((event) => isJsonObject(event.stateEnteredEventDetails));
  const details = nextEntered?.stateEnteredEventDetails;
  const target = isJsonObject(details) ? stringOr(details.name) : undefined;
  const assigned = isJsonObject(exited.stateExitedEventDetails)
    ? exited.stateExitedEventDetails.assignedVariables
    : null;
  const candidates = chooser.branchesTo(target, isJsonObject(assigned) ? assigned : undefined);
  const consistent = !('error' in ours) && candidates.includes(ours.branch);
  return {
    consistent,
    detail: `ours ${describeOutcome(ours)}, AWS went to ${String(target)} (${candidates.join('|')})`,
  };
}

/** Output-only executions whose first state is the Choice: the Pass states it leads to have distinct Results. */
function checkOutput(corpusCase: CorpusCase, chooser: Chooser, states: JsonObject): Verdict[] | undefined {
  const results = chooser.targets.map((target) => passResult(states[target ?? '']));
  const distinct = results.every((result, i) => results.findIndex((other) => jsonEqualsOrBoth(other, result)) === i);
  if (corpusCase.expected.status !== 'SUCCEEDED' || !distinct || results.includes(undefined)) return undefined;
  const outcome = chooser.choose(scopeOf(corpusCase.input ?? {}, {}, corpusCase.input ?? {}));
  const expected = corpusCase.expected.output ?? null;
  const ours = 'error' in outcome ? undefined : results[outcome.branch];
  const consistent = ours !== undefined && jsonEquals(ours, expected);
  return [{ consistent, detail: `ours ${describeOutcome(outcome)}, AWS output ${JSON.stringify(expected)}` }];
}

function jsonEqualsOrBoth(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a === undefined || b === undefined ? a === b : jsonEquals(a, b);
}

function passResult(state: JsonValue | undefined): JsonValue | undefined {
  if (!isJsonObject(state) || state.Type !== 'Pass' || state.Result === undefined) return undefined;
  const reshaped = ['ResultPath', 'OutputPath', 'InputPath', 'Parameters'].some((field) => field in state);
  return reshaped ? undefined : state.Result;
}

function checkCase(corpusCase: CorpusCase): Verdict[] | undefined {
  // TestState may send a single state rather than a whole machine.
  const { definition } = corpusCase;
  const choiceStates = choiceStatesOf(definition.Type === undefined ? definition : { States: { State: definition } });
  const choosers = new Map<string, Chooser>();
  for (const [name, state] of choiceStates) choosers.set(name, compileChooser(state));
  if (choosers.size === 0) return undefined;
  if (corpusCase.kind === 'test_state') {
    const [only] = choosers.values();
    return only === undefined ? undefined : checkTestState(corpusCase, only);
  }
  const events = corpusCase.expected.events;
  if (events) return checkHistory(events, choosers, corpusCase.input ?? {});
  const start = choosers.get(stringOr(corpusCase.definition.StartAt));
  const states = corpusCase.definition.States;
  return start === undefined || !isJsonObject(states) ? undefined : checkOutput(corpusCase, start, states);
}

describe('Choice rules against the AWS-recorded corpus', () => {
  const cases = loadCases();
  const tally = { cases: 0, choices: 0, consistent: 0, undetermined: 0 };
  const perCategory = new Map<string, { checked: number; consistent: number }>();
  for (const corpusCase of cases) {
    const verdicts = checkCase(corpusCase);
    if (verdicts === undefined || verdicts.length === 0) {
      tally.undetermined++;
      continue;
    }
    tally.cases++;
    const counts = perCategory.get(corpusCase.category) ?? { checked: 0, consistent: 0 };
    counts.checked++;
    if (verdicts.every((verdict) => verdict.consistent)) counts.consistent++;
    perCategory.set(corpusCase.category, counts);
    tally.choices += verdicts.length;
    tally.consistent += verdicts.filter((verdict) => verdict.consistent).length;
    it(corpusCase.id, () => {
      const wrong = verdicts.filter((verdict) => !verdict.consistent).map((verdict) => verdict.detail);
      assert.deepEqual(wrong, []);
    });
  }

  it('reports its coverage', (t) => {
    const categories = [...perCategory].map(([name, c]) => `${name}: ${c.consistent}/${c.checked}`).join(', ');
    t.diagnostic(
      `${tally.cases} cases checked (${categories}); ${tally.consistent}/${tally.choices} Choice evaluations consistent; ` +
        `${tally.undetermined} JSONata-only or undeterminable cases skipped`,
    );
    assert.ok(cases.length === 0 || tally.cases > 0);
  });
});
