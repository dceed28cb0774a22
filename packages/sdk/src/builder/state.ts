// The builder's building blocks, named as the AWS CDK names them: a State renders itself as ASL; a
// Chainable has a start state and the open ends `next()` continues from.

/** JSON as the builder writes it into a definition. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** ASL's shared Retry entry (JSONPath and JSONata alike). */
export interface RetryProps {
  errors?: string[];
  interval?: number;
  maxAttempts?: number;
  backoffRate?: number;
  maxDelay?: number;
  jitterStrategy?: 'FULL' | 'NONE';
}

export interface CatchProps {
  errors?: string[];
  resultPath?: string | null;
}

/**
 * Anything a chain can continue: a single state or a Chain. `I` and `O` are the input and output types
 * the user declares; they are carried through `next()` and never checked at run time.
 */
export interface Chainable<I = unknown, O = unknown> {
  readonly startState: AnyState;
  /** States whose `Next` the following state fills (none when the chain ends in Succeed/Fail/Choice). */
  readonly endStates: readonly AnyState[];
  /** Phantom member: the declared types travel with the value (a function, so a state taking `unknown` may
   * follow any state). */
  readonly types?: (input: I) => O;
}

/** Any chain whatever its types (a function taking `never` accepts every input type). */
export type AnyChainable = Chainable<never>;

/** Any state whatever its types. */
export type AnyState = State<never>;

export abstract class State<I = unknown, O = unknown> implements Chainable<I, O> {
  declare readonly types?: (input: I) => O;
  protected nextState: AnyState | undefined;
  protected readonly retries: Json[] = [];
  protected readonly catches: { props: CatchProps; handler: AnyState }[] = [];

  constructor(readonly id: string) {}

  // A State is its own chain's start; typed as any state, which is what chains hold.
  get startState(): AnyState {
    return this;
  }

  get endStates(): readonly AnyState[] {
    return this.terminal ? [] : [this];
  }

  /** Succeed, Fail and Choice take no Next. */
  protected get terminal(): boolean {
    return false;
  }

  /** Continues with `next`; the Chain returned ends where `next` ends. */
  next<N>(next: Chainable<O, N>): Chain<I, N> {
    return Chain.start<I, O>(this).next(next);
  }

  /** Sets this state's Next (used by chains and Choice branches). */
  continueWith(state: AnyState): void {
    if (this.terminal) throw new Error(`${this.id} cannot have a Next`);
    if (this.nextState !== undefined && this.nextState !== state) {
      throw new Error(`${this.id} already continues with ${this.nextState.id}`);
    }
    this.nextState = state;
  }

  addRetry(props: RetryProps = {}): this {
    this.retries.push(retryJson(props));
    return this;
  }

  addCatch(handler: AnyChainable, props: CatchProps = {}): this {
    this.catches.push({ props, handler: handler.startState });
    return this;
  }

  /** The states this one leads to, for the definition's States map. */
  successors(): AnyState[] {
    return [...(this.nextState === undefined ? [] : [this.nextState]), ...this.catches.map((entry) => entry.handler)];
  }

  abstract toStateJson(): Record<string, Json>;

  /** Next or End, then Retry and Catch: the members every task-like state shares. */
  protected transitionJson(): Record<string, Json> {
    const json: Record<string, Json> = this.nextState === undefined ? { End: true } : { Next: this.nextState.id };
    if (this.retries.length > 0) json.Retry = this.retries;
    if (this.catches.length > 0) {
      json.Catch = this.catches.map(({ props, handler }) => ({
        ErrorEquals: props.errors ?? ['States.ALL'],
        ...(props.resultPath === undefined ? {} : { ResultPath: props.resultPath }),
        Next: handler.id,
      }));
    }
    return json;
  }
}

export function retryJson(props: RetryProps): Json {
  const json: Record<string, Json> = { ErrorEquals: props.errors ?? ['States.ALL'] };
  if (props.interval !== undefined) json.IntervalSeconds = props.interval;
  if (props.maxAttempts !== undefined) json.MaxAttempts = props.maxAttempts;
  if (props.backoffRate !== undefined) json.BackoffRate = props.backoffRate;
  if (props.maxDelay !== undefined) json.MaxDelaySeconds = props.maxDelay;
  if (props.jitterStrategy !== undefined) json.JitterStrategy = props.jitterStrategy;
  return json;
}

/** A sequence of states: `Chain.start(a).next(b).next(c)`. */
export class Chain<I = unknown, O = unknown> implements Chainable<I, O> {
  declare readonly types?: (input: I) => O;

  private constructor(
    readonly startState: AnyState,
    readonly endStates: readonly AnyState[],
  ) {}

  static start<I, O>(state: Chainable<I, O>): Chain<I, O> {
    return new Chain<I, O>(state.startState, state.endStates);
  }

  next<N>(next: Chainable<O, N>): Chain<I, N> {
    if (this.endStates.length === 0)
      throw new Error(`the chain ends at a state with no Next: cannot continue with ${next.startState.id}`);
    for (const end of this.endStates) end.continueWith(next.startState);
    return new Chain<I, N>(this.startState, next.endStates);
  }
}
