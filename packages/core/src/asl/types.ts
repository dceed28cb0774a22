// The Amazon States Language as TypeScript types: the shape of a decoded, validated definition.
// Field names are AWS's, spelled exactly as in the specification.

import type { JsonObject, JsonValue } from '../json/json-value.ts';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export interface StateMachineDefinition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
  Version?: string;
  QueryLanguage?: QueryLanguage;
}

/** A `States` block with its `StartAt`: the top level, a Parallel branch or a Map processor. */
export interface StatesBlock {
  StartAt: string;
  States: Record<string, State>;
  Comment?: string;
  QueryLanguage?: QueryLanguage;
}

export type State =
  PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

export type StateType = State['Type'];

interface BaseState {
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  /** Variables to assign on leaving the state (JSONata expressions or JSONPath templates). */
  Assign?: JsonObject;
}

/** Fields of every state that moves on: Next or End. */
interface Transition {
  Next?: string;
  End?: boolean;
}

/** The JSONPath I/O fields; null means "discard" (AWS's `null` path), undefined means "$". */
interface JsonPathIo {
  InputPath?: string | null;
  OutputPath?: string | null;
}

interface ResultHandling {
  ResultPath?: string | null;
  ResultSelector?: JsonObject;
}

/** JSONata state fields. */
interface JsonataIo {
  Output?: JsonValue;
}

export interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
  JitterStrategy?: 'FULL' | 'NONE';
  Comment?: string;
}

export interface Catcher {
  ErrorEquals: string[];
  Next: string;
  ResultPath?: string | null;
  Output?: JsonValue;
  Assign?: JsonObject;
  Comment?: string;
}

interface ErrorHandling {
  Retry?: Retrier[];
  Catch?: Catcher[];
}

export interface PassState extends BaseState, Transition, JsonPathIo, JsonataIo {
  Type: 'Pass';
  Result?: JsonValue;
  ResultPath?: string | null;
  Parameters?: JsonValue;
}

export interface TaskState extends BaseState, Transition, JsonPathIo, ResultHandling, JsonataIo, ErrorHandling {
  Type: 'Task';
  Resource: string;
  Parameters?: JsonValue;
  Arguments?: JsonValue;
  TimeoutSeconds?: number | string;
  TimeoutSecondsPath?: string;
  HeartbeatSeconds?: number | string;
  HeartbeatSecondsPath?: string;
  Credentials?: JsonObject;
}

export interface ChoiceState extends BaseState, JsonPathIo, JsonataIo {
  Type: 'Choice';
  Choices: ChoiceRule[];
  Default?: string;
}

/**
 * A Choice rule: a top-level rule has Next; nested rules (under And/Or/Not) do not.
 * In JSONata mode a rule is `{ Condition, Next, Assign?, Output? }`.
 */
export interface ChoiceRule {
  Next?: string;
  Variable?: string;
  And?: ChoiceRule[];
  Or?: ChoiceRule[];
  Not?: ChoiceRule;
  Condition?: string | boolean;
  Assign?: JsonObject;
  Output?: JsonValue;
  Comment?: string;
  /** The comparison operator (StringEquals, NumericLessThanPath, IsNull, ...) and its operand. */
  [operator: string]: JsonValue | ChoiceRule | ChoiceRule[] | undefined;
}

export interface WaitState extends BaseState, Transition, JsonPathIo, JsonataIo {
  Type: 'Wait';
  Seconds?: number | string;
  Timestamp?: string;
  SecondsPath?: string;
  TimestampPath?: string;
}

export interface SucceedState extends BaseState, JsonPathIo, JsonataIo {
  Type: 'Succeed';
}

export interface FailState {
  Type: 'Fail';
  Comment?: string;
  QueryLanguage?: QueryLanguage;
  Error?: string;
  Cause?: string;
  ErrorPath?: string;
  CausePath?: string;
}

export interface ParallelState extends BaseState, Transition, JsonPathIo, ResultHandling, JsonataIo, ErrorHandling {
  Type: 'Parallel';
  Branches: StatesBlock[];
  Parameters?: JsonValue;
  Arguments?: JsonValue;
}

export interface ItemProcessor extends StatesBlock {
  ProcessorConfig?: { Mode?: 'INLINE' | 'DISTRIBUTED'; ExecutionType?: 'STANDARD' | 'EXPRESS' };
}

export interface MapState extends BaseState, Transition, JsonPathIo, ResultHandling, JsonataIo, ErrorHandling {
  Type: 'Map';
  ItemProcessor?: ItemProcessor;
  /** Legacy name of ItemProcessor. */
  Iterator?: ItemProcessor;
  ItemsPath?: string;
  Items?: JsonValue;
  ItemSelector?: JsonValue;
  /** Legacy name of ItemSelector. */
  Parameters?: JsonValue;
  ItemReader?: JsonObject;
  ItemBatcher?: JsonObject;
  ResultWriter?: JsonObject;
  MaxConcurrency?: number | string;
  MaxConcurrencyPath?: string;
  ToleratedFailureCount?: number | string;
  ToleratedFailureCountPath?: string;
  ToleratedFailurePercentage?: number | string;
  ToleratedFailurePercentagePath?: string;
  Label?: string;
}
