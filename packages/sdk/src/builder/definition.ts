// Turns a chain into an ASL definition: every state reachable from the start (Next, Catch, Choice rules,
// Default) in one States map, checked by @stepwise/core's validator when it is built, so a mistake is an
// error naming the state and the field, not a failed deployment.

import { decodeDefinition, type Diagnostic } from '@stepwise/core';
import type { AnyChainable, AnyState, Json } from './state.ts';

export interface DefinitionProps {
  comment?: string;
  queryLanguage?: 'JSONPath' | 'JSONata';
  timeoutSeconds?: number;
}

/** A definition the validator refused: each problem with its location (`/States/Name/Field`), line and column. */
export class DefinitionBuildError extends Error {
  override name = 'DefinitionBuildError';

  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(
      `the built definition is not valid:\n${diagnostics.map((each) => `  ${each.location || '/'}: ${each.code} ${each.message}`).join('\n')}`,
    );
  }
}

export type StatesJson = {
  StartAt: string;
  States: Record<string, Record<string, Json>>;
};

/** A whole definition: StartAt and States, with Comment, QueryLanguage and TimeoutSeconds when given. */
export type DefinitionJson = StatesJson & Record<string, Json>;

/** `{ StartAt, States }` of a chain: also the body of a Parallel branch or a Map's ItemProcessor. */
export function statesJson(chain: AnyChainable): StatesJson {
  const states: Record<string, Record<string, Json>> = {};
  const seen = new Map<string, AnyState>();
  const pending: AnyState[] = [chain.startState];
  for (let state = pending.pop(); state !== undefined; state = pending.pop()) {
    const known = seen.get(state.id);
    if (known === state) continue;
    if (known !== undefined) throw new Error(`two different states are named ${state.id}`);
    seen.set(state.id, state);
    states[state.id] = state.toStateJson();
    pending.push(...state.successors().reverse());
  }
  return { StartAt: chain.startState.id, States: states };
}

/** The definition as an object, validated; throws DefinitionBuildError with every problem found. */
export function buildDefinition(chain: AnyChainable, props: DefinitionProps = {}): DefinitionJson {
  const definition: DefinitionJson = {
    ...(props.comment === undefined ? {} : { Comment: props.comment }),
    ...(props.queryLanguage === undefined ? {} : { QueryLanguage: props.queryLanguage }),
    ...statesJson(chain),
    ...(props.timeoutSeconds === undefined ? {} : { TimeoutSeconds: props.timeoutSeconds }),
  };
  const decoded = decodeDefinition(JSON.stringify(definition, null, 2));
  const errors = decoded.diagnostics.filter((each) => each.severity === 'ERROR');
  if (errors.length > 0) throw new DefinitionBuildError(errors);
  return definition;
}

/** The definition as CreateStateMachine takes it (JSON text). */
export function definitionString(chain: AnyChainable, props: DefinitionProps = {}): string {
  return JSON.stringify(buildDefinition(chain, props));
}
