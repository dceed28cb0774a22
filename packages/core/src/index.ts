// @stepwise/core: the Amazon States Language, its expressions, and the deterministic engine.

export type * from './asl/types.ts';
export { StatesErrors, StatesFailure, type Failure } from './asl/errors.ts';
export type { JsonValue, JsonObject, JsonArray } from './json/json-value.ts';
export type { EvaluationServices, EvaluationScope } from './expressions/scope.ts';
export { javaDouble } from './expressions/java-json.ts';
export * from './definition/index.ts';
export { compileMachine, type Machine } from './engine/machine.ts';
export { step, newExecutionState } from './engine/step.ts';
export { detailsOf, historyEventDetailsKeys } from './engine/history-event.ts';
export type * from './console-api/execution-stats.ts';
export { isRedrivable, notRedrivableReason } from './engine/redrive.ts';
export { awaitedTasks, taskEventId, waitsForTask, type AwaitedTask } from './engine/execution-queries.ts';
export {
  runLocally,
  type LocalRunOptions,
  type LocalRunResult,
  type TaskProgress,
  type TaskResult,
} from './engine/local-runner.ts';
export { taskPattern } from './states/task-resource.ts';
export {
  functionNameOf,
  isIntegration,
  parseResource,
  type ActivityResource,
  type IntegrationResource,
  type LambdaResource,
  type OtherResource,
  type TaskResource,
} from './asl/resource-arn.ts';
export { isKnownIntegration, optimizedIntegrations, supportsPattern, type ServiceActions } from './asl/integrations.ts';
export type * from './engine/types.ts';
export {
  mapRunChildExecutionArn,
  mapRunChildMachineArn,
  mapRunChildMachineName,
  mapRunToleranceExceeded,
  type MapRunTolerance,
} from './map-runs/map-run-rules.ts';
export { testState } from './test-state/test-state.ts';
export type * from './test-state/types.ts';
export { jsonDepth, maxJsonDepth, tooDeep } from './json/json-depth.ts';
export { jacksonParseError, jacksonReason } from './json/jackson-parse-error.ts';
