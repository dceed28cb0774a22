// docs/choices.md names, for every choice it records, the conformance case or test that pins it: this keeps
// that table whole (a new entry needs a row, with a case of our own or the reason there is none) and true
// (every file it names exists).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const text = readFileSync(`${root}docs/choices.md`, 'utf8');
const [entriesPart = '', tablePart = ''] = text.split('## Where each choice is pinned');

/** Each entry's text on one line: a `- ` line and its indented continuation lines. */
function entries(): string[] {
  const found: string[] = [];
  for (const line of entriesPart.split('\n')) {
    if (line.startsWith('- ')) found.push(line.slice(2));
    else if (line.startsWith('  ') && found.length > 0) found.push(`${found.pop() ?? ''} ${line.trim()}`);
  }
  return found;
}

function rows(): { entry: string; pinnedBy: string }[] {
  return tablePart
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Entry') && !line.startsWith('| ---'))
    .map((line) => {
      const [entry = '', pinnedBy = ''] = line.slice(1, -1).split(' | ');
      return { entry: entry.trim(), pinnedBy: pinnedBy.trim() };
    });
}

it('gives every recorded choice a row naming what pins it', () => {
  const table = rows();
  const unpinned = entries().filter((entry) => !table.some((row) => entry.startsWith(row.entry)));
  assert.deepEqual(unpinned, [], 'add a row to the table in docs/choices.md for each of these');
});

/**
 * The entries no case pins yet, each with its tests named in its row: a new "Not a case" row fails below.
 * Every entry is pinned by a case now; none may be added.
 */
const notYetCases: string[] = [];

it('refuses a new "Not a case" row: a choice is pinned by a case unless it is one of those listed', () => {
  const unlisted = rows().filter((row) => row.pinnedBy.startsWith('Not a case: ') && !notYetCases.includes(row.entry));
  assert.deepEqual(
    unlisted.map((row) => row.entry),
    [],
    'pin these by a case in conformance/cases/ (api_calls may call other services and set server options)',
  );
});

it('pins every choice by a conformance case of our own, or says why it cannot be one', () => {
  const neither = rows().filter(
    (row) => !row.pinnedBy.includes('`conformance/cases/stepwise.choices.') && !row.pinnedBy.startsWith('Not a case: '),
  );
  assert.deepEqual(
    neither.map((row) => row.entry),
    [],
    'name a case in conformance/cases/ for these, or start the row with "Not a case: <why>"',
  );
});

it('names only files that exist', () => {
  const named = rows().flatMap((row) => [...row.pinnedBy.matchAll(/`([^`]+\.(?:ts|json))`/g)].map((m) => m[1] ?? ''));
  assert.ok(named.length > 40);
  assert.deepEqual(
    named.filter((path) => !existsSync(`${root}${path}`)),
    [],
  );
});
