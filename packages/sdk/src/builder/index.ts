// The typed workflow builder: CDK-shaped classes that emit Amazon States Language, validated when built.

export {
  Chain,
  State,
  type AnyChainable,
  type Chainable,
  type CatchProps,
  type Json,
  type RetryProps,
} from './state.ts';
export { JsonPath, JsonPathRef, type DataFlowProps, type Template } from './fields.ts';
export { Fail, Pass, Succeed, Wait, WaitTime, type FailProps, type PassProps } from './flow-states.ts';
export { Choice, Condition } from './choice.ts';
export { Map, Parallel, type MapProps, type ProcessorConfig } from './parallel-map.ts';
export {
  DynamoAttributeValue,
  DynamoPutItem,
  LambdaInvoke,
  SnsPublish,
  Task,
  TaskInput,
  type FunctionRef,
  type LambdaInvokeProps,
  type TaskProps,
} from './tasks.ts';
export {
  buildDefinition,
  DefinitionBuildError,
  definitionString,
  statesJson,
  type DefinitionJson,
  type DefinitionProps,
  type StatesJson,
} from './definition.ts';
