// What an expression can see while it is evaluated: the state input, the context object, variables,
// and the non-deterministic services (ids, randomness, hashing) that the engine injects.

import type { JsonValue } from '../json/json-value.ts';

/** Everything non-deterministic comes through here, so that the engine stays pure and replayable. */
export interface EvaluationServices {
  /** A new random UUID (v4, lower case). */
  uuid(): string;
  /** A random number in [0, 1). */
  random(): number;
  /** Hex digest of the UTF-8 bytes of `data`. `algorithm` is one of AWS's: MD5, SHA-1, SHA-256, SHA-384, SHA-512. */
  hash(algorithm: string, data: string): string;
  /**
   * A new task token for a callback, `.sync` or activity task. It must be unguessable in a server
   * (anyone holding it can complete the task); absent, a uuid() is used (deterministic in tests).
   */
  taskToken?(): string;
}

export interface EvaluationScope {
  /** `$`: the value the expression is evaluated against (state input, raw result, ...). */
  input: JsonValue;
  /** `$$`: the context object. */
  context: JsonValue;
  /** `$name`: workflow variables visible to this state. */
  variables: Readonly<Record<string, JsonValue>>;
  services: EvaluationServices;
}
