// The memory side of a JSONata evaluation's budget: the strings and arrays that functions and operators
// make are counted, and one string may not grow past a bound, so `$pad("", 100000000)` fifty times over
// fails its state with States.QueryEvaluationError instead of exhausting the server's heap.

import jsonata from 'jsonata';

/** Bounds on what one evaluation makes. */
export interface MemoryLimits {
  /** Characters in one string (AWS's whole payload is 256 KiB). */
  maxStringLength: number;
  /** Characters of strings plus items of arrays made by functions and operators, all added up. */
  maxProduced: number;
}

/** 16 times AWS's payload in one string; ten million values in all (one range as big as jsonata allows). */
export const defaultMemoryLimits: MemoryLimits = { maxStringLength: 4_000_000, maxProduced: 10_000_000 };

/** What an evaluation has made so far. */
export interface MemoryUse {
  produced: number;
  limits: MemoryLimits;
}

/** Node types whose result is a value they made, rather than one read from the input. */
const makers = new Set(['function', 'partial', 'binary', 'unary', 'apply']);

/** Counts a node's result; a description of the bound it broke, or undefined. */
export function chargeResult(use: MemoryUse, nodeType: string | undefined, result: unknown): string | undefined {
  if (nodeType === undefined || !makers.has(nodeType)) return undefined;
  let size = 0;
  if (typeof result === 'string') {
    size = result.length;
    if (size > use.limits.maxStringLength) {
      return `makes a string of ${size} characters, more than ${use.limits.maxStringLength}`;
    }
  } else if (Array.isArray(result)) size = result.length;
  use.produced += size;
  if (use.produced > use.limits.maxProduced) {
    return `makes more than ${use.limits.maxProduced} characters and array items in all`;
  }
  return undefined;
}

// Parsed on first use, not at load: loading core must not run jsonata (`stepwise validate` never needs it).
let builtinPad: jsonata.Expression | undefined;

/**
 * `$pad` refusing a width past the string bound before it allocates the padding (jsonata's own `$pad`
 * does the padding); registered with `$pad`'s signature.
 */
export function guardedPad(limits: MemoryLimits, refuse: (problem: string) => Error) {
  return async (text: string | undefined, width: number, char?: string): Promise<unknown> => {
    if (Math.abs(width) > limits.maxStringLength) {
      throw refuse(`pads a string to ${Math.abs(width)} characters, more than ${limits.maxStringLength}`);
    }
    builtinPad ??= jsonata('$pad($text, $width, $char)');
    return builtinPad.evaluate(null, { text, width, char }) as Promise<unknown>;
  };
}

export const padSignature = '<s-ns?:s>';
