// Math intrinsics: States.MathAdd and States.MathRandom (seeded like java.util.Random).

import type { JsonValue } from '../../json/json-value.ts';
import { integerArg, intrinsicFailure, roundedIntegerArg, type IntrinsicFunction } from './arguments.ts';
import type { EvaluationServices } from '../scope.ts';

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

export const mathFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  'States.MathAdd': {
    arity: [2, 2],
    call(args) {
      // AWS rounds each operand half up (1.49 + 1.5 is 3) and works on 32-bit integers.
      const left = inIntRange('States.MathAdd', roundedIntegerArg('States.MathAdd', args, 0));
      const right = inIntRange('States.MathAdd', roundedIntegerArg('States.MathAdd', args, 1));
      return left + right;
    },
  },
  'States.MathRandom': { arity: [2, 3], call: mathRandom },
};

function inIntRange(name: string, value: number): number {
  if (value < INT_MIN || value > INT_MAX) {
    throw intrinsicFailure(name, `${value} is outside the integer range ${INT_MIN} to ${INT_MAX}`);
  }
  return value;
}

/** An integer in [start, end); with a seed the result is reproducible. */
function mathRandom(args: readonly JsonValue[], services: EvaluationServices): JsonValue {
  const name = 'States.MathRandom';
  const start = inIntRange(name, roundedIntegerArg(name, args, 0));
  const end = inIntRange(name, roundedIntegerArg(name, args, 1));
  if (end <= start) throw intrinsicFailure(name, `the end (${end}) must be greater than the start (${start})`);
  const span = end - start;
  if (args.length === 3) return start + javaRandomNextInt(integerArg(name, args, 2), span);
  return start + Math.floor(services.random() * span);
}

const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

/** `new java.util.Random(seed).nextInt(bound)`, for a deterministic seeded MathRandom. */
export function javaRandomNextInt(seed: number, bound: number): number {
  let state = (BigInt(seed) ^ MULTIPLIER) & MASK;
  const next31 = (): number => {
    state = (state * MULTIPLIER + 0xbn) & MASK;
    return Number(state >> 17n);
  };
  if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(next31())) >> 31n);
  for (;;) {
    const bits = next31();
    const value = bits % bound;
    if (bits - value + (bound - 1) <= INT_MAX) return value;
  }
}
