// @stepwise/sdk: Stepwise for applications. For now, a typed activity worker.

export {
  ActivityFailure,
  ActivityWorker,
  type ActivityContext,
  type ActivityHandler,
  type ActivityWorkerOptions,
} from './activity-worker.ts';
export * from './builder/index.ts';
