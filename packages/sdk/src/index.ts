// @stepwise/sdk: Stepwise for applications: a client set up for a Stepwise server and a typed activity worker.

export {
  ActivityFailure,
  ActivityWorker,
  type ActivityContext,
  type ActivityHandler,
  type ActivityWorkerOptions,
} from './activity-worker.ts';
export { createStepwiseClient, type StepwiseClientOptions } from './stepwise-client.ts';
export * from './builder/index.ts';
