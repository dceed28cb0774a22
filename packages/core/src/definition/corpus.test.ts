// Runs the AWS-recorded definition cases of the LocalStack corpus (category a) through decode and the AWS renderings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { JsonValue } from '../json/json-value.ts';
import { decodeDefinition, formatInvalidDefinitionMessage, toValidateResponse } from './index.ts';
import type { MachineType } from './index.ts';

const corpus = fileURLToPath(new URL('../../../../../shared/conformance/localstack/', import.meta.url));

interface Replacement {
  type: string;
  value?: string;
  pattern?: string;
  replacement: string;
  harness_value?: string;
}

interface CorpusCase {
  id: string;
  kind: string;
  category: string;
  state_machine_type?: MachineType | null;
  definition: JsonValue;
  request?: { type?: MachineType } | null;
  expected: { response?: JsonValue };
  normalisation: { replacements: Replacement[] };
}

function loadCases(kinds: readonly string[], categories: readonly string[]): CorpusCase[] {
  const index = JSON.parse(readFileSync(`${corpus}index.json`, 'utf8')) as {
    cases: { id: string; kind: string; category: string }[];
  };
  return index.cases
    .filter((entry) => kinds.includes(entry.kind) && categories.includes(entry.category))
    .map((entry) => JSON.parse(readFileSync(`${corpus}cases/${entry.id}.json`, 'utf8')) as CorpusCase);
}

/** Python's json.dumps (the text the recording tests sent): ", " and ": " separators, ASCII only. */
function pythonDumps(value: JsonValue): string {
  if (typeof value === 'string') return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, member]) => `${pythonString(key)}: ${pythonDumps(member)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

function pythonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function normalise(text: string, replacements: readonly Replacement[]): string {
  let result = text;
  for (const entry of replacements) {
    if (entry.harness_value !== undefined) continue;
    if (entry.type === 'literal' && entry.value !== undefined)
      result = result.split(entry.value).join(entry.replacement);
    if (entry.type === 'regex' && entry.pattern !== undefined)
      result = result.replace(new RegExp(entry.pattern, 'g'), entry.replacement);
  }
  return result.replaceAll('us-east-1', '<region>').replaceAll('arn:aws:', 'arn:<partition>:');
}

function actualResponse(entry: CorpusCase): JsonValue {
  const text = entry.definition === null ? '' : pythonDumps(entry.definition);
  const type = entry.request?.type ?? entry.state_machine_type ?? 'STANDARD';
  const { diagnostics } = decodeDefinition(text, { type });
  if (entry.kind === 'validate_definition') return toValidateResponse(diagnostics) as unknown as JsonValue;
  const message = normalise(formatInvalidDefinitionMessage(diagnostics, text), entry.normalisation.replacements);
  const expected = entry.expected.response as Record<string, JsonValue>;
  if ('exception_value' in expected) {
    return {
      exception_typename: 'InvalidDefinition',
      exception_value: `An error occurred (InvalidDefinition) when calling the CreateStateMachine operation: ${message}`,
    };
  }
  return { Error: { Code: 'InvalidDefinition', Message: message }, message };
}

test('corpus: invalid_definition and validate_definition cases match AWS', (t) => {
  const cases = loadCases(['invalid_definition', 'validate_definition'], ['a']);
  const failures: string[] = [];
  for (const entry of cases) {
    const actual = actualResponse(entry);
    try {
      assert.deepEqual(actual, entry.expected.response);
    } catch {
      failures.push(
        `${entry.id}\n  expected ${JSON.stringify(entry.expected.response)}\n  actual   ${JSON.stringify(actual)}`,
      );
    }
  }
  const byKind = (kind: string): string => {
    const all = cases.filter((entry) => entry.kind === kind);
    const failed = all.filter((entry) => failures.some((failure) => failure.startsWith(`${entry.id}\n`)));
    return `${kind}: ${all.length - failed.length}/${all.length}`;
  };
  t.diagnostic(`corpus ${byKind('invalid_definition')}, ${byKind('validate_definition')}`);
  assert.deepEqual(failures, []);
});

test('corpus: every execution definition (categories a and b) decodes without errors', (t) => {
  const cases = loadCases(['execution', 'execution_output'], ['a', 'b']);
  const failures: string[] = [];
  for (const entry of cases) {
    const { diagnostics } = decodeDefinition(JSON.stringify(entry.definition), {
      type: entry.state_machine_type ?? 'STANDARD',
    });
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'ERROR');
    if (errors.length > 0) failures.push(`${entry.id}: ${formatInvalidDefinitionMessage(errors)}`);
  }
  t.diagnostic(`corpus no-false-positive: ${cases.length - failures.length}/${cases.length}`);
  assert.deepEqual(failures, []);
});
