// Payload texts: what the engine records and hands on for a value it did not change.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compactJsonText } from './payload.ts';

test('compactJsonText drops whitespace between tokens, keeps every token as written and strings intact', () => {
  assert.equal(compactJsonText('{"a": 1.50, "b": [ 0.0 ,\n\t1e2 ]}'), '{"a":1.50,"b":[0.0,1e2]}');
  assert.equal(
    compactJsonText('{"s": "two  spaces \\" and a quote", "t" : "\\\\"}'),
    '{"s":"two  spaces \\" and a quote","t":"\\\\"}',
  );
  assert.equal(compactJsonText('0.0'), '0.0');
});
