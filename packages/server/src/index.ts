// stepwise: the server, runtime and CLI around @stepwise/core.

export { nodeServices } from './runtime/services.ts';
export {
  invokeLambdaTask,
  isLambdaResource,
  lambdaInvokeResource,
  type FunctionResolver,
  type LambdaFunction,
  type LambdaOutcome,
  type LambdaTarget,
} from './runtime/tasks/lambda.ts';
export { describeExecution, type DescribeExecutionOutput } from './service/describe-execution.ts';
export { ManualClock, systemClock, type Clock } from './runtime/clock.ts';
export { Runtime } from './runtime/runtime.ts';
export type { TaskOutcome, ExecuteOptions } from './runtime/tasks/executor.ts';
export { Arns } from './service/arns.ts';
export type { ServiceDeps } from './service/context.ts';
export { stepFunctionsTaskHandlers } from './service/step-functions-tasks.ts';
export { singleAccount, type AccountService } from './service/accounts.ts';
export type { ExecutionRuntime as ExecutionRuntimePort } from './service/runtime-port.ts';
export { runInVirtualTime } from './runtime/virtual-time.ts';
export { openSqliteStore } from './store/sqlite/sqlite-store.ts';
export { openPostgresStore, type PostgresStore } from './store/postgres/postgres-store.ts';
export { LocalSignals, type Signal, type Signals } from './store/signals.ts';
export { ExecutionLogs } from './service/execution-logs.ts';
export type { Store } from './store/store.ts';
export { integrations, type IntegrationOptions, type Integrations } from './runtime/tasks/integrations.ts';
export type { AwsConfig } from './runtime/tasks/aws/aws-config.ts';
export type { TaskHandler } from './runtime/tasks/executor.ts';
export { ExecutionRuntime } from './runtime/execution-runtime.ts';
export { createStepFunctionsService } from './service/service.ts';
export { ApiError } from './service/errors.ts';
export type { OperationName } from './service/request-shapes.ts';
export { createStepwise, type Stepwise, type StepwiseOptions } from './service/create-stepwise.ts';
export { createConsoleHandler, type ConsoleHandler } from './http/console-handler.ts';
export { createApiServer } from './http/server.ts';
export { engineTestState } from './service/test-state.ts';
export { listen, type ListenOptions, type RunningServer } from './http/listen.ts';
export { triggerHttpServices } from './http/trigger-http-services.ts';
// What `serve` puts beside the APIs, for a harness that composes a case's server (conformance/src/case-side-services.ts).
export { DeliveryWorker } from './service/events/delivery-worker.ts';
export { startDelivery } from './service/events/events-service.ts';
export { deadLetterSender } from './service/events/dead-letter.ts';
export { RuleCache } from './service/events/rule-cache.ts';
export { putS3Notification } from './service/events/s3-notifications.ts';
export { s3WebhookService } from './http/s3-webhook-http.ts';
export { RouteTable } from './service/routes/route-table.ts';
export { parseRoutesFile } from './service/routes/route-file.ts';
export { routesHttpService } from './http/routes-http.ts';
export type { HttpService } from './http/http-service.ts';
export { pollS3Queue } from './service/events/s3-queue-source.ts';
export { consoleTriggersService } from './http/console-triggers-http.ts';
export { consoleRoutes } from './service/routes/console-routes.ts';
export { triggersOverview } from './service/triggers-overview.ts';
export { ExecutionTracer, historyFrom } from './runtime/tracing/execution-tracer.ts';
export { OtlpSpanSink } from './runtime/tracing/otlp-span-sink.ts';
export type { TriggerStore } from './store/trigger-store.ts';
export { parseConnections } from './runtime/tasks/http-task/connections.ts';
export { StorageFault, storageFaultOf } from './store/storage-fault.ts';
export { createRequestAuth, type AccessKey, type RequestAuth } from './http/request-auth.ts';
export { createLoader, type PathLoader } from './cli/serve-load.ts';
export { DefinedFunctions } from './runtime/functions/defined-functions.ts';
export { createTaskExecutor, type TaskExecutor } from './runtime/tasks/executor.ts';
export { createTemplateApi } from './service/iac/template-api.ts';
export type { TemplateRecords } from './store/template-records.ts';
export { jobPerformer } from './runtime/tasks/aws/job-tasks.ts';
