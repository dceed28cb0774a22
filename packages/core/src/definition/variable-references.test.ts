// variableReferences against the shapes of AWS's recorded DescribeStateMachine answers.

import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { JsonValue } from '../json/json-value.ts';
import { variableReferences } from './variable-references.ts';

const cases: [string, JsonValue, Record<string, string[]> | undefined][] = [
  [
    'a literal "$x" does not count, a `.$` field does',
    {
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Parameters: { result: '$result' }, Assign: { result: 'r' }, Next: 'B' },
        B: { Type: 'Pass', ResultPath: '$.result', Parameters: { 'result.$': '$result' }, End: true },
      },
    },
    { B: ['result'] },
  ],
  [
    'InputPath and OutputPath count, ResultPath and Assign keys do not',
    {
      StartAt: 'A',
      States: { A: { Type: 'Pass', InputPath: '$answer', OutputPath: '$answer', Assign: { answer: 1 }, End: true } },
    },
    { A: ['answer'] },
  ],
  [
    'intrinsic arguments across nested Maps, sorted, without $$ or $.',
    {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemSelector: { 'v.$': 'States.Format($template, $$.Map.Item.Value, $.x)' },
          ItemProcessor: {
            StartAt: 'S',
            States: { S: { Type: 'Pass', Assign: { 'sum.$': 'States.MathAdd($z, $b)' }, End: true } },
          },
          End: true,
        },
      },
    },
    { M: ['template'], S: ['b', 'z'] },
  ],
  [
    'JSONata: variables, not $states, called functions, bound names or strings',
    {
      QueryLanguage: 'JSONata',
      StartAt: 'A',
      States: {
        A: {
          Type: 'Pass',
          Output: '{% ($n := $count + 1; $map($items, function($v) { $v * $n }) & "$not") %}',
          End: true,
        },
      },
    },
    { A: ['count', 'items'] },
  ],
  ['no references at all', { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }, undefined],
];

for (const [title, definition, expected] of cases) {
  it(title, () => {
    assert.deepEqual(variableReferences(definition), expected);
  });
}
