// DescribeStateMachine's `variableReferences`: for each state (nested ones included) that reads workflow
// variables, their names, sorted. Only fields that are evaluated count: JSONPath paths and `.$` fields
// (intrinsic function arguments included), and JSONata `{% %}` expressions; a plain string that looks like
// `$x` is a literal, as AWS's recordings show.

import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.ts';

type QueryLanguage = 'JSONPath' | 'JSONata';

/** States that use no variable are left out; undefined when no state uses one (AWS then omits the member). */
export function variableReferences(definition: JsonValue): Record<string, string[]> | undefined {
  const found: Record<string, string[]> = {};
  if (isJsonObject(definition)) collectMachine(definition, queryLanguageOf(definition, 'JSONPath'), found);
  return Object.keys(found).length === 0 ? undefined : found;
}

function queryLanguageOf(node: JsonObject, inherited: QueryLanguage): QueryLanguage {
  return node.QueryLanguage === 'JSONata' || node.QueryLanguage === 'JSONPath' ? node.QueryLanguage : inherited;
}

function collectMachine(machine: JsonObject, language: QueryLanguage, found: Record<string, string[]>): void {
  if (!isJsonObject(machine.States)) return;
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isJsonObject(state)) continue;
    const stateLanguage = queryLanguageOf(state, language);
    const names = new Set<string>();
    collectFields(state, stateLanguage, names);
    if (names.size > 0) found[name] = [...names].sort();
    for (const branch of Array.isArray(state.Branches) ? state.Branches : []) {
      if (isJsonObject(branch)) collectMachine(branch, stateLanguage, found);
    }
    const processor = state.ItemProcessor ?? state.Iterator;
    if (isJsonObject(processor)) collectMachine(processor, stateLanguage, found);
  }
}

/** Sub-machines are states of their own, not part of the state that holds them. */
const subMachines = new Set(['Branches', 'ItemProcessor', 'Iterator']);

function collectFields(node: JsonObject, language: QueryLanguage, names: Set<string>): void {
  for (const [key, value] of Object.entries(node)) {
    if (subMachines.has(key)) continue;
    collectValue(key, value, language, names);
  }
}

function collectValue(key: string, value: JsonValue, language: QueryLanguage, names: Set<string>): void {
  if (typeof value === 'string') {
    if (language === 'JSONata') jsonataVariables(value, names);
    else if (isEvaluatedPath(key)) pathVariables(value, names);
  } else if (Array.isArray(value)) {
    for (const item of value) collectValue(key, item, language, names);
  } else if (isJsonObject(value)) {
    collectFields(value, language, names);
  }
}

/** JSONPath fields whose string is evaluated: paths (not ResultPath, which is written to), `.$` fields, Variable. */
function isEvaluatedPath(key: string): boolean {
  return key.endsWith('.$') || key === 'Variable' || (key.endsWith('Path') && key !== 'ResultPath');
}

/** `$name` in a path or intrinsic function call: not `$$` (the context object) nor `$.` / `$[` (the input). */
function pathVariables(text: string, names: Set<string>): void {
  const withoutStrings = text.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  for (const match of withoutStrings.matchAll(/(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (match[1] !== undefined) names.add(match[1]);
  }
}

/**
 * `$name` in a JSONata expression, except `$states`, functions called (`$sum(`) and names the expression binds
 * itself (`$x := ...`, function parameters).
 */
function jsonataVariables(text: string, names: Set<string>): void {
  const expression = /^\s*\{%([\s\S]*)%\}\s*$/.exec(text)?.[1];
  if (expression === undefined) return;
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const bound = new Set<string>();
  for (const match of code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)\s*:=/g)) if (match[1]) bound.add(match[1]);
  for (const match of code.matchAll(/function\s*\(([^)]*)\)/g)) {
    for (const parameter of (match[1] ?? '').matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)) {
      if (parameter[1]) bound.add(parameter[1]);
    }
  }
  for (const match of code.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)(\s*\()?/g)) {
    const name = match[1];
    if (name === undefined || match[2] !== undefined || name === 'states' || bound.has(name)) continue;
    names.add(name);
  }
}
