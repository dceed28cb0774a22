// Encoding, hashing and id intrinsics: States.Base64Encode, Base64Decode, Hash, UUID.

import { intrinsicFailure, limitLength, stringArg, type IntrinsicFunction } from './arguments.ts';
import { base64Decode, base64Encode, utf8Decode, utf8Encode } from './utf8-base64.ts';

/** The algorithms AWS's States.Hash and JSONata's $hash accept. */
export const HASH_ALGORITHMS: ReadonlySet<string> = new Set(['MD5', 'SHA-1', 'SHA-256', 'SHA-384', 'SHA-512']);

export const encodingFunctions: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Base64Encode': {
    arity: [1, 1],
    call(args) {
      const name = 'States.Base64Encode';
      return base64Encode(utf8Encode(limitLength(name, stringArg(name, args, 0))));
    },
  },
  'States.Base64Decode': {
    arity: [1, 1],
    call(args) {
      const name = 'States.Base64Decode';
      const encoded = limitLength(name, stringArg(name, args, 0));
      const bytes = base64Decode(encoded);
      if (bytes === undefined) throw intrinsicFailure(name, `the string is not valid Base64: ${encoded}`);
      return utf8Decode(bytes);
    },
  },
  'States.Hash': {
    arity: [2, 2],
    call(args, services) {
      const name = 'States.Hash';
      const data = limitLength(name, stringArg(name, args, 0));
      const algorithm = stringArg(name, args, 1);
      if (!HASH_ALGORITHMS.has(algorithm)) {
        throw intrinsicFailure(
          name,
          `the algorithm must be one of ${[...HASH_ALGORITHMS].join(', ')}, but was ${algorithm}`,
        );
      }
      return services.hash(algorithm, data);
    },
  },
  'States.UUID': { arity: [0, 0], call: (_args, services) => services.uuid() },
};
