// stepwise: the server, runtime and CLI around @stepwise/core.

export { nodeServices } from './runtime/services.ts';
export {
  invokeLambdaTask,
  isLambdaResource,
  functionName,
  lambdaInvokeResource,
  type FunctionResolver,
  type LambdaFunction,
  type LambdaOutcome,
  type LambdaTarget,
} from './runtime/tasks/lambda.ts';
export { describeExecution, type DescribeExecutionOutput } from './service/describe-execution.ts';
