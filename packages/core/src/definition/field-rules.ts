// Which fields each state type allows, by query language: AWS rejects every other field.

import type { QueryLanguage, StateType } from '../asl/types.ts';

export const STATE_TYPES: readonly StateType[] = [
  'Task',
  'Wait',
  'Pass',
  'Succeed',
  'Fail',
  'Choice',
  'Parallel',
  'Map',
];

interface FieldRule {
  /** Allowed in both query languages. */
  both: readonly string[];
  jsonPath: readonly string[];
  jsonata: readonly string[];
}

const COMMON = ['Type', 'Comment', 'QueryLanguage'];
const TRANSITION = ['Next', 'End', 'Assign'];
const IO_PATHS = ['InputPath', 'OutputPath'];
const RESULT = ['Parameters', 'ResultPath', 'ResultSelector'];
const ERRORS = ['Retry', 'Catch'];

const RULES: Record<StateType, FieldRule> = {
  Pass: { both: TRANSITION, jsonPath: [...IO_PATHS, 'Parameters', 'ResultPath', 'Result'], jsonata: ['Output'] },
  Task: {
    both: [...TRANSITION, ...ERRORS, 'Resource', 'TimeoutSeconds', 'HeartbeatSeconds', 'Credentials'],
    jsonPath: [...IO_PATHS, ...RESULT, 'TimeoutSecondsPath', 'HeartbeatSecondsPath'],
    jsonata: ['Output', 'Arguments'],
  },
  Choice: { both: ['Choices', 'Default', 'Assign'], jsonPath: IO_PATHS, jsonata: ['Output'] },
  Wait: {
    both: [...TRANSITION, 'Seconds', 'Timestamp'],
    jsonPath: [...IO_PATHS, 'SecondsPath', 'TimestampPath'],
    jsonata: ['Output'],
  },
  Succeed: { both: [], jsonPath: IO_PATHS, jsonata: ['Output'] },
  Fail: { both: ['Error', 'Cause'], jsonPath: ['ErrorPath', 'CausePath'], jsonata: [] },
  Parallel: {
    both: [...TRANSITION, ...ERRORS, 'Branches'],
    jsonPath: [...IO_PATHS, ...RESULT],
    jsonata: ['Output', 'Arguments'],
  },
  Map: {
    both: [
      ...TRANSITION,
      ...ERRORS,
      ...['ItemProcessor', 'Iterator', 'ItemReader', 'ItemSelector', 'ItemBatcher', 'ResultWriter', 'Label'],
      ...['MaxConcurrency', 'ToleratedFailureCount', 'ToleratedFailurePercentage'],
    ],
    jsonPath: [
      ...IO_PATHS,
      ...RESULT,
      ...['ItemsPath', 'MaxConcurrencyPath', 'ToleratedFailureCountPath', 'ToleratedFailurePercentagePath'],
    ],
    jsonata: ['Output', 'Items'],
  },
};

const cache = new Map<string, ReadonlySet<string>>();

/** The fields a state of `type` may have in `language`. */
export function allowedFields(type: StateType, language: QueryLanguage): ReadonlySet<string> {
  const key = `${type}/${language}`;
  let fields = cache.get(key);
  if (fields === undefined) {
    const rule = RULES[type];
    fields = new Set([...COMMON, ...rule.both, ...(language === 'JSONata' ? rule.jsonata : rule.jsonPath)]);
    cache.set(key, fields);
  }
  return fields;
}

/** The state types that move on with Next or End. */
export function hasTransition(type: StateType): boolean {
  return type !== 'Choice' && type !== 'Succeed' && type !== 'Fail';
}
