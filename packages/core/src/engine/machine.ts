// A definition compiled once for execution: every States block indexed by JSON pointer, every path,
// template and Choice rule compiled, so nothing is parsed while an execution runs.

import type { Catcher, ChoiceRule, QueryLanguage, State, StateMachineDefinition, StatesBlock } from '../asl/types.ts';
import { JSONATA_SCALAR_FIELDS, JSONATA_TEMPLATE_FIELDS } from '../asl/jsonata-fields.ts';
import { compileJsonataTemplate, type CompiledJsonataTemplate } from '../expressions/jsonata/jsonata-template.ts';
import {
  compileIntrinsic,
  compilePath,
  compilePayloadTemplate,
  compileReferencePath,
  looksLikeIntrinsic,
  type CompiledPath,
  type CompiledReferencePath,
  type CompiledTemplate,
} from '../expressions/index.ts';
import type { JsonValue } from '../json/json-value.ts';
import { compileChoiceRule, type CompiledChoiceRule } from '../states/choice-rules.ts';

export interface Machine {
  definition: StateMachineDefinition;
  blocks: Map<string, Block>;
}

export interface Block {
  pointer: string;
  startAt: string;
  states: Map<string, CompiledState>;
}

/** A compiled path field: `undefined` when absent (AWS's default `$`), `null` when the definition says null. */
export type PathField = CompiledPath | null | undefined;

export interface CompiledState {
  name: string;
  pointer: string;
  def: State;
  inputPath: PathField;
  outputPath: PathField;
  resultPath: CompiledReferencePath | null | undefined;
  parameters: CompiledTemplate | undefined;
  resultSelector: CompiledTemplate | undefined;
  /** Map: ItemSelector (or legacy Parameters). */
  itemSelector: CompiledTemplate | undefined;
  queryLanguage: QueryLanguage;
  /** Assign, in the state's language (a payload template in JSONPath). */
  assign: CompiledAssign | undefined;
  /** JSONata: Arguments, Output, Items, ItemSelector and every `{% %}` scalar field, by field name. */
  jsonata: Map<string, CompiledJsonataTemplate>;
  /** Choice: rules in order. */
  choices: CompiledChoice[];
  /** Catch: each catcher, compiled in the state's language. */
  catchers: CompiledCatcher[];
  /** Parallel branches / the Map processor, as block pointers. */
  children: string[];
  /** Any other path field (SecondsPath, ItemsPath, MaxConcurrencyPath, ...) by field name. */
  paths: Map<string, CompiledPath>;
  /** Fail's ErrorPath and CausePath, which may also be intrinsic function calls. */
  expressions: Map<string, PathOrIntrinsic>;
}

/** Assign of a state, a Choice rule or a catcher, compiled in the language of its state. */
export type CompiledAssign =
  { language: 'JSONPath'; template: CompiledTemplate } | { language: 'JSONata'; template: CompiledJsonataTemplate };

export interface CompiledChoice {
  /** JSONPath rule; undefined in JSONata, where `condition` decides. */
  rule: CompiledChoiceRule | undefined;
  condition: CompiledJsonataTemplate | undefined;
  next: string;
  assign: CompiledAssign | undefined;
  output: CompiledJsonataTemplate | undefined;
}

export interface CompiledCatcher {
  resultPath: CompiledReferencePath | null | undefined;
  assign: CompiledAssign | undefined;
  output: CompiledJsonataTemplate | undefined;
}

/** A field that holds a path or an intrinsic call (Fail's ErrorPath / CausePath). */
export interface PathOrIntrinsic {
  readonly text: string;
  evaluate(scope: Parameters<CompiledPath['evaluate']>[0]): JsonValue | undefined;
}

export function compileMachine(definition: StateMachineDefinition): Machine {
  const blocks = new Map<string, Block>();
  compileBlock(definition, '', blocks, definition.QueryLanguage ?? 'JSONPath');
  return { definition, blocks };
}

function compileBlock(block: StatesBlock, pointer: string, blocks: Map<string, Block>, language: QueryLanguage): void {
  const states = new Map<string, CompiledState>();
  blocks.set(pointer, { pointer, startAt: block.StartAt, states });
  for (const [name, def] of Object.entries(block.States)) {
    const statePointer = `${pointer}/States/${escapePointer(name)}`;
    const compiled = compileState(name, statePointer, def, def.QueryLanguage ?? language);
    states.set(name, compiled);
    if (def.Type === 'Parallel') {
      def.Branches.forEach((branch, i) => {
        const branchPointer = `${statePointer}/Branches/${i}`;
        compiled.children.push(branchPointer);
        compileBlock(branch, branchPointer, blocks, language);
      });
    } else if (def.Type === 'Map') {
      const processor = def.ItemProcessor ?? def.Iterator;
      if (processor !== undefined) {
        const processorPointer = `${statePointer}/${def.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`;
        compiled.children.push(processorPointer);
        compileBlock(processor, processorPointer, blocks, language);
      }
    }
  }
}

const pathFieldNames = [
  'SecondsPath',
  'TimestampPath',
  'ItemsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
] as const;

function compileState(name: string, pointer: string, def: State, queryLanguage: QueryLanguage): CompiledState {
  const fields = def as unknown as Record<string, JsonValue | undefined>;
  const jsonata =
    queryLanguage === 'JSONata' ? compileJsonataFields(fields) : new Map<string, CompiledJsonataTemplate>();
  const paths = new Map<string, CompiledPath>();
  for (const field of pathFieldNames) {
    const text = fields[field];
    if (typeof text === 'string') paths.set(field, compilePath(text));
  }
  const expressions = new Map<string, PathOrIntrinsic>();
  for (const field of ['ErrorPath', 'CausePath']) {
    const text = fields[field];
    if (typeof text === 'string')
      expressions.set(field, looksLikeIntrinsic(text) ? compileIntrinsic(text) : compilePath(text));
  }
  const template = (field: string): CompiledTemplate | undefined => {
    const value = fields[field];
    return value === undefined ? undefined : compilePayloadTemplate(value);
  };
  const isMap = def.Type === 'Map';
  return {
    name,
    pointer,
    def,
    inputPath: optionalPath(fields.InputPath),
    outputPath: optionalPath(fields.OutputPath),
    resultPath: optionalReferencePath(fields.ResultPath),
    parameters: isMap ? undefined : template('Parameters'),
    resultSelector: template('ResultSelector'),
    itemSelector:
      isMap && queryLanguage === 'JSONPath' ? (template('ItemSelector') ?? template('Parameters')) : undefined,
    queryLanguage,
    assign: compileAssign(fields.Assign, queryLanguage),
    jsonata,
    choices: def.Type === 'Choice' ? def.Choices.map((rule) => compileChoice(rule, queryLanguage)) : [],
    catchers: 'Catch' in def && def.Catch ? def.Catch.map((c) => compileCatcher(c, queryLanguage)) : [],
    children: [],
    paths,
    expressions,
  };
}

function compileJsonataFields(fields: Record<string, JsonValue | undefined>): Map<string, CompiledJsonataTemplate> {
  const compiled = new Map<string, CompiledJsonataTemplate>();
  for (const field of JSONATA_TEMPLATE_FIELDS) {
    const value = fields[field];
    if (value !== undefined) compiled.set(field, compileJsonataTemplate(value, field));
  }
  for (const field of JSONATA_SCALAR_FIELDS) {
    const value = fields[field];
    if (typeof value === 'string' && value.startsWith('{%')) compiled.set(field, compileJsonataTemplate(value, field));
  }
  return compiled;
}

function compileAssign(value: JsonValue | undefined, language: QueryLanguage): CompiledAssign | undefined {
  if (value === undefined) return undefined;
  return language === 'JSONata'
    ? { language, template: compileJsonataTemplate(value, 'Assign') }
    : { language, template: compilePayloadTemplate(value) };
}

function compileOutput(value: JsonValue | undefined, language: QueryLanguage): CompiledJsonataTemplate | undefined {
  return value === undefined || language !== 'JSONata' ? undefined : compileJsonataTemplate(value, 'Output');
}

function compileChoice(rule: ChoiceRule, language: QueryLanguage): CompiledChoice {
  const jsonata = language === 'JSONata';
  const fields = rule as unknown as Record<string, JsonValue | undefined>;
  return {
    rule: jsonata ? undefined : compileChoiceRule(rule),
    condition: jsonata ? compileJsonataTemplate(fields.Condition ?? null, 'Condition') : undefined,
    next: rule.Next ?? '',
    assign: compileAssign(fields.Assign, language),
    output: compileOutput(fields.Output, language),
  };
}

function compileCatcher(catcher: Catcher, language: QueryLanguage): CompiledCatcher {
  const fields = catcher as unknown as Record<string, JsonValue | undefined>;
  return {
    resultPath: language === 'JSONPath' ? optionalReferencePath(fields.ResultPath) : undefined,
    assign: compileAssign(fields.Assign, language),
    output: compileOutput(fields.Output, language),
  };
}

function optionalPath(text: JsonValue | undefined): PathField {
  if (text === undefined) return undefined;
  return text === null ? null : compilePath(text as string);
}

function optionalReferencePath(text: JsonValue | undefined): CompiledReferencePath | null | undefined {
  if (text === undefined) return undefined;
  return text === null ? null : compileReferencePath(text as string);
}

function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}
