// A definition compiled once for execution: every States block indexed by JSON pointer, every path,
// template and Choice rule compiled, so nothing is parsed while an execution runs.

import type {
  Catcher,
  ChoiceRule,
  ChoiceState,
  FailState,
  MapState,
  ParallelState,
  PassState,
  QueryLanguage,
  State,
  StateMachineDefinition,
  StatesBlock,
  StateType,
  SucceedState,
  TaskState,
  WaitState,
} from '../asl/types.ts';
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

/** A state's fields by name, for code that reads a field named at run time (JSONata scalars, path fields). */
export type StateFields = Readonly<Record<string, JsonValue | undefined>>;

/**
 * The state as the JSON object it was decoded from: the one cast between the typed and the by-name view.
 * A State is only ever made by decoding JSON (definition/decode.ts), so every field holds a JSON value.
 */
function stateFields(state: State): StateFields {
  return state as unknown as StateFields;
}

/** A compiled path field: `undefined` when absent (AWS's default `$`), `null` when the definition says null. */
export type PathField = CompiledPath | null | undefined;

/** What every compiled state has: its definition `def`, typed by its Type, and its compiled I/O fields. */
interface CompiledCommon<D extends State> {
  name: string;
  pointer: string;
  def: D;
  /** The definition's fields by name, for the few read by name (JSONata scalars, Credentials, ...). */
  fields: StateFields;
  inputPath: PathField;
  outputPath: PathField;
  resultPath: CompiledReferencePath | null | undefined;
  /** Parameters (not of a Map, whose legacy Parameters is its itemSelector). */
  parameters: CompiledTemplate | undefined;
  resultSelector: CompiledTemplate | undefined;
  queryLanguage: QueryLanguage;
  /** Assign, in the state's language (a payload template in JSONPath). */
  assign: CompiledAssign | undefined;
  /** JSONata: Arguments, Output, Items, ItemSelector and every `{% %}` scalar field, by field name. */
  jsonata: Map<string, CompiledJsonataTemplate>;
  /** Catch: each catcher, compiled in the state's language. */
  catchers: CompiledCatcher[];
  /** Any other path field (SecondsPath, ItemsPath, MaxConcurrencyPath, ...) by field name. */
  paths: Map<string, CompiledPath>;
}

export type CompiledPass = CompiledCommon<PassState>;
export type CompiledTask = CompiledCommon<TaskState>;
export type CompiledWait = CompiledCommon<WaitState>;
export type CompiledSucceed = CompiledCommon<SucceedState>;

export interface CompiledChoiceState extends CompiledCommon<ChoiceState> {
  /** The rules in order. */
  choices: CompiledChoice[];
}

export interface CompiledFail extends CompiledCommon<FailState> {
  /** ErrorPath and CausePath, which may also be intrinsic function calls. */
  expressions: Map<string, PathOrIntrinsic>;
}

export interface CompiledParallel extends CompiledCommon<ParallelState> {
  /** The branches, as block pointers. */
  children: string[];
}

export interface CompiledMap extends CompiledCommon<MapState> {
  /** The processor, as a block pointer (one, or none for a Map without one). */
  children: string[];
  /** ItemSelector (or legacy Parameters), in JSONPath. */
  itemSelector: CompiledTemplate | undefined;
}

/** The compiled shape of each state type. */
interface CompiledStates {
  Pass: CompiledPass;
  Task: CompiledTask;
  Choice: CompiledChoiceState;
  Wait: CompiledWait;
  Succeed: CompiledSucceed;
  Fail: CompiledFail;
  Parallel: CompiledParallel;
  Map: CompiledMap;
}

export type CompiledStateOf<T extends StateType> = CompiledStates[T];
export type CompiledState = CompiledStates[StateType];

/** Narrows a compiled state by its Type (TypeScript does not narrow a union through `def.Type`). */
export function isCompiled<T extends StateType>(state: CompiledState, type: T): state is CompiledStateOf<T> {
  return state.def.Type === type;
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
    const common = compileCommon(name, statePointer, def, def.QueryLanguage ?? language);
    states.set(name, compileTyped(common, def));
    if (def.Type === 'Parallel') {
      def.Branches.forEach((branch, i) => {
        compileBlock(branch, `${statePointer}/Branches/${i}`, blocks, language);
      });
    } else if (def.Type === 'Map') {
      const processor = def.ItemProcessor ?? def.Iterator;
      if (processor !== undefined) {
        const processorPointer = `${statePointer}/${def.ItemProcessor ? 'ItemProcessor' : 'Iterator'}`;
        compileBlock(processor, processorPointer, blocks, language);
      }
    }
  }
}

/**
 * Every compiled state holds every type's slots, empty where its type has none: one object shape for all
 * types, so that the code every state runs through (io.ts, state-exit.ts) stays monomorphic in V8. Each
 * type's interface shows only its own slots.
 */
type CompiledSlots = CompiledCommon<State> & {
  itemSelector: CompiledTemplate | undefined;
  choices: CompiledChoice[];
  children: string[];
  expressions: Map<string, PathOrIntrinsic>;
};

/** The fields a state type alone has, filled into the slots every state has. */
function compileTyped(common: CompiledSlots, def: State): CompiledState {
  const { fields, queryLanguage } = common;
  switch (def.Type) {
    case 'Choice':
      return { ...common, def, choices: def.Choices.map((rule) => compileChoice(rule, queryLanguage)) };
    case 'Fail':
      return { ...common, def, expressions: compileExpressions(fields) };
    case 'Parallel':
      return { ...common, def, children: def.Branches.map((_, i) => `${common.pointer}/Branches/${i}`) };
    case 'Map': {
      const processor =
        def.ItemProcessor !== undefined ? 'ItemProcessor' : def.Iterator !== undefined ? 'Iterator' : undefined;
      const children = processor === undefined ? [] : [`${common.pointer}/${processor}`];
      const selector = def.ItemSelector ?? def.Parameters;
      const itemSelector =
        queryLanguage === 'JSONPath' && selector !== undefined ? compilePayloadTemplate(selector) : undefined;
      return { ...common, def, parameters: undefined, children, itemSelector };
    }
    case 'Pass':
      return { ...common, def };
    case 'Task':
      return { ...common, def };
    case 'Wait':
      return { ...common, def };
    case 'Succeed':
      return { ...common, def };
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

function compileCommon(name: string, pointer: string, def: State, queryLanguage: QueryLanguage): CompiledSlots {
  const fields = stateFields(def);
  const jsonata =
    queryLanguage === 'JSONata' ? compileJsonataFields(fields) : new Map<string, CompiledJsonataTemplate>();
  const paths = new Map<string, CompiledPath>();
  for (const field of pathFieldNames) {
    const text = fields[field];
    if (typeof text === 'string') paths.set(field, compilePath(text));
  }
  const template = (field: string): CompiledTemplate | undefined => {
    const value = fields[field];
    return value === undefined ? undefined : compilePayloadTemplate(value);
  };
  return {
    name,
    pointer,
    def,
    fields,
    inputPath: optionalPath(fields.InputPath),
    outputPath: optionalPath(fields.OutputPath),
    resultPath: optionalReferencePath(fields.ResultPath),
    parameters: template('Parameters'),
    resultSelector: template('ResultSelector'),
    itemSelector: undefined,
    queryLanguage,
    assign: compileAssign(fields.Assign, queryLanguage),
    jsonata,
    choices: [],
    catchers: 'Catch' in def && def.Catch ? def.Catch.map((c) => compileCatcher(c, queryLanguage)) : [],
    children: [],
    paths,
    expressions: new Map(),
  };
}

/** Fail's ErrorPath and CausePath: a path or an intrinsic call. */
function compileExpressions(fields: StateFields): Map<string, PathOrIntrinsic> {
  const expressions = new Map<string, PathOrIntrinsic>();
  for (const field of ['ErrorPath', 'CausePath']) {
    const text = fields[field];
    if (typeof text === 'string')
      expressions.set(field, looksLikeIntrinsic(text) ? compileIntrinsic(text) : compilePath(text));
  }
  return expressions;
}

function compileJsonataFields(fields: StateFields): Map<string, CompiledJsonataTemplate> {
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
  return {
    rule: jsonata ? undefined : compileChoiceRule(rule),
    condition: jsonata ? compileJsonataTemplate(rule.Condition ?? null, 'Condition') : undefined,
    next: rule.Next ?? '',
    assign: compileAssign(rule.Assign, language),
    output: compileOutput(rule.Output, language),
  };
}

function compileCatcher(catcher: Catcher, language: QueryLanguage): CompiledCatcher {
  return {
    resultPath: language === 'JSONPath' ? optionalReferencePath(catcher.ResultPath) : undefined,
    assign: compileAssign(catcher.Assign, language),
    output: compileOutput(catcher.Output, language),
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
