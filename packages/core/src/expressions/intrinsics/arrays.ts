// The array intrinsics: States.Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique.

import { jsonEquals, type JsonValue } from '../../json/json-value.ts';
import { arrayArg, integerArg, intrinsicFailure, roundedIntegerArg, type IntrinsicFunction } from './arguments.ts';

/** AWS refuses to build an array of more than 1,000 items with ArrayRange. */
const MAX_RANGE_ITEMS = 1000;

export const arrayFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Array': { arity: [0, Infinity], call: (args) => args.slice() },
  'States.ArrayPartition': {
    arity: [2, 2],
    call(args) {
      const name = 'States.ArrayPartition';
      const items = arrayArg(name, args, 0);
      const size = integerArg(name, args, 1);
      if (size <= 0) throw intrinsicFailure(name, `the chunk size must be greater than 0, but was ${size}`);
      return chunks(items, size);
    },
  },
  'States.ArrayContains': {
    arity: [2, 2],
    call(args) {
      const items = arrayArg('States.ArrayContains', args, 0);
      const wanted = args[1] as JsonValue;
      return items.some((item) => jsonEquals(item, wanted));
    },
  },
  'States.ArrayRange': { arity: [3, 3], call: arrayRange },
  'States.ArrayGetItem': {
    arity: [2, 2],
    call(args) {
      const name = 'States.ArrayGetItem';
      const items = arrayArg(name, args, 0);
      const index = integerArg(name, args, 1);
      const item = index >= 0 ? items[index] : undefined;
      if (item === undefined) {
        throw intrinsicFailure(name, `the index ${index} is out of bounds for an array of length ${items.length}`);
      }
      return item;
    },
  },
  'States.ArrayLength': { arity: [1, 1], call: (args) => arrayArg('States.ArrayLength', args, 0).length },
  'States.ArrayUnique': {
    arity: [1, 1],
    call(args) {
      const unique: JsonValue[] = [];
      for (const item of arrayArg('States.ArrayUnique', args, 0)) {
        if (!unique.some((kept) => jsonEquals(kept, item))) unique.push(item);
      }
      return unique;
    },
  },
};

/** `items` in consecutive chunks of `size` (the last may be shorter): States.ArrayPartition and $partition. */
export function chunks(items: readonly JsonValue[], size: number): JsonValue[] {
  const result: JsonValue[] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

function arrayRange(args: readonly JsonValue[]): JsonValue {
  const name = 'States.ArrayRange';
  const first = roundedIntegerArg(name, args, 0);
  const last = roundedIntegerArg(name, args, 1);
  const step = roundedIntegerArg(name, args, 2);
  if (step === 0) throw intrinsicFailure(name, 'the step must not be 0');
  const count = Math.max(0, Math.floor((last - first) / step) + 1);
  if (count > MAX_RANGE_ITEMS) {
    throw intrinsicFailure(name, `the range would have ${count} items, more than the maximum of ${MAX_RANGE_ITEMS}`);
  }
  return Array.from({ length: count }, (_, index) => first + index * step);
}
