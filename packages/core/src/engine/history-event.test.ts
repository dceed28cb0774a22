// The typed history-event catalogue against AWS's recordings, and the recorder's typing: details follow the
// event type (the @ts-expect-error lines fail the type-check if the recorder ever accepts them).
/// <reference types="node" />

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { detailsOf, historyEventDetailsKeys, type HistoryEvent } from './history-event.ts';
import { HistoryRecorder } from './history.ts';
import { newExecutionState } from './step.ts';
import { execution, startTime } from './test-support.ts';

const corpus = fileURLToPath(new URL('../../../../../shared/conformance/localstack/cases/', import.meta.url));
const envelope = new Set(['id', 'previousEventId', 'timestamp', 'type']);

function recordedEvents(): { file: string; event: Record<string, unknown> }[] {
  const found: { file: string; event: Record<string, unknown> }[] = [];
  for (const file of readdirSync(corpus).filter((name) => name.endsWith('.json'))) {
    const recorded = JSON.parse(readFileSync(`${corpus}${file}`, 'utf8')) as { expected?: { events?: unknown } };
    const events = recorded.expected?.events;
    if (Array.isArray(events))
      for (const event of events) found.push({ file, event: event as Record<string, unknown> });
  }
  return found;
}

test('every event AWS recorded has a catalogued type and only the details member the catalogue names', () => {
  const events = recordedEvents();
  assert.ok(events.length > 4000, `the corpus holds AWS's events (found ${String(events.length)})`);
  const wrong: string[] = [];
  for (const { file, event } of events) {
    const type = String(event.type);
    const key = type in historyEventDetailsKeys ? historyEventDetailsKeys[type as HistoryEvent['type']] : undefined;
    const members = Object.keys(event).filter((member) => !envelope.has(member));
    if (key === undefined) wrong.push(`${file}: unknown type ${type}`);
    else if (members.some((member) => member !== key)) wrong.push(`${file}: ${type} has ${members.join(', ')}`);
  }
  assert.deepEqual(wrong, []);
});

test('detailsOf reads the member the type names, whatever else the event holds', () => {
  const entered: HistoryEvent = {
    id: 2,
    previousEventId: 1,
    timestamp: 0,
    type: 'PassStateEntered',
    stateEnteredEventDetails: { name: 'P', input: '{}' },
  };
  assert.deepEqual(detailsOf(entered), { name: 'P', input: '{}' });
  assert.equal(detailsOf({ id: 3, previousEventId: 2, timestamp: 0, type: 'ParallelStateStarted' }), undefined);
});

test('the recorder takes the details member of the event type, and only it', () => {
  const state = newExecutionState(execution, '{}', startTime);
  const history = new HistoryRecorder(state, startTime);
  const details = { resourceType: 'lambda', resource: 'invoke', output: '{}' };
  history.record(undefined, 'TaskSucceeded', { taskSucceededEventDetails: details });
  history.record(undefined, 'ParallelStateStarted');
  // @ts-expect-error TaskSucceeded keeps its details in taskSucceededEventDetails
  history.record(undefined, 'TaskSucceeded', { taskStartedEventDetails: details });
  // @ts-expect-error TaskFailedEventDetails requires resource and resourceType
  history.record(undefined, 'TaskFailed', { taskFailedEventDetails: { error: 'E' } });
  // @ts-expect-error ParallelStateStarted carries no details
  history.record(undefined, 'ParallelStateStarted', { stateEnteredEventDetails: { name: 'P' } });
  // @ts-expect-error not an AWS event type
  history.record(undefined, 'PassStateAborted');
  assert.deepEqual(
    history.events.map((event) => event.type),
    [
      'TaskSucceeded',
      'ParallelStateStarted',
      'TaskSucceeded',
      'TaskFailed',
      'ParallelStateStarted',
      'PassStateAborted',
    ],
  );
  assert.deepEqual(history.events[0]?.taskSucceededEventDetails, details);
});
