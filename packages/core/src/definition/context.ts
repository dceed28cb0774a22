// What every validator shares: the reporter, the machine's type and query language, and the object being checked.

import type { QueryLanguage } from '../asl/types.ts';
import type { JsonObject, JsonValue } from '../json/json-value.ts';
import type { Reporter } from './diagnostics.ts';

export type MachineType = 'STANDARD' | 'EXPRESS';

export interface ValidationContext {
  readonly report: Reporter;
  readonly machineType: MachineType;
  readonly machineLanguage: QueryLanguage;
  /** State names seen so far: names are unique across the whole machine, branches and processors included. */
  readonly stateNames: Set<string>;
  /** Every well-formed States block, for the transition checks that run once the schema is valid. */
  readonly blocks: StatesBlockRef[];
  /** Validates a nested States block (a Parallel branch, a Map processor); passed in to keep imports acyclic. */
  readonly validateBlock: (value: JsonValue, at: string, extraFields: readonly string[]) => JsonObject | undefined;
}

export interface StatesBlockRef {
  readonly startAt: string;
  readonly states: JsonObject;
  readonly at: string;
}

/** An object under validation (a state, a retrier, ItemReader, ...) with its location and query language. */
export interface Node {
  readonly ctx: ValidationContext;
  readonly obj: JsonObject;
  readonly at: string;
  readonly language: QueryLanguage;
}
