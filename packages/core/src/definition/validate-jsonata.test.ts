// Variables and JSONata in definitions: Assign names and `{% %}` syntax are checked where they are written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDefinition } from './index.ts';

const jsonata = (state: object): object => ({ QueryLanguage: 'JSONata', StartAt: 'A', States: { A: state } });

/** [name, definition, expected "CODE at location" of every error]. */
const cases: [string, object, string[]][] = [
  [
    'valid Assign and Output',
    jsonata({ Type: 'Pass', Assign: { a_1: '{% 1 %}' }, Output: '{% $a_1 %}', End: true }),
    [],
  ],
  [
    'an expression that does not parse',
    jsonata({ Type: 'Pass', Output: { x: '{% 1 + %}' }, End: true }),
    ['INVALID_JSONATA at /States/A/Output/x'],
  ],
  [
    'a bad expression in a catcher',
    jsonata({
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% ( %}', Next: 'B' }],
      End: true,
    }),
    ['INVALID_JSONATA at /States/A/Catch[0]/Output'],
  ],
  [
    'the reserved name states',
    jsonata({ Type: 'Pass', Assign: { states: 1 }, End: true }),
    ['INVALID_VARIABLE_NAME at /States/A/Assign/states'],
  ],
  [
    'a name starting with a digit',
    jsonata({ Type: 'Pass', Assign: { '1x': 1 }, End: true }),
    ['INVALID_VARIABLE_NAME at /States/A/Assign/1x'],
  ],
  [
    'a name over 80 characters',
    jsonata({ Type: 'Pass', Assign: { ['v'.repeat(81)]: 1 }, End: true }),
    [`INVALID_VARIABLE_NAME at /States/A/Assign/${'v'.repeat(81)}`],
  ],
  [
    'JSONPath: the .$ suffix is not part of the name',
    { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { 'ok.$': '$.x', 'bad-name': 1 }, End: true } } },
    ['INVALID_VARIABLE_NAME at /States/A/Assign/bad-name'],
  ],
  [
    'JSONPath states do not evaluate {% %}, so they are not checked',
    { StartAt: 'A', States: { A: { Type: 'Pass', Result: '{% 1 + %}', End: true } } },
    [],
  ],
];

for (const [name, definition, expected] of cases) {
  test(`validate JSONata and variables: ${name}`, () => {
    const { diagnostics } = decodeDefinition(JSON.stringify(definition));
    const errors = diagnostics
      .filter((d) => d.severity === 'ERROR' && d.code !== 'MISSING_TRANSITION_TARGET')
      .map((d) => `${d.code} at ${d.location}`);
    assert.deepEqual(errors, expected);
  });
}
