// The catalogue of Step Functions' optimized integrations: the actions AWS recognises for each service and
// the patterns each supports. Validation reads the actions; the server's integrations read the patterns.

import type { TaskPattern } from './resource-arn.ts';

/** Actions of one service, each with the patterns (beyond the request) it may be called with. */
export type ServiceActions = Readonly<Record<string, readonly TaskPattern[]>>;

/**
 * By service. A service absent here is accepted as is: AWS has more optimized integrations than this
 * catalogue names, and rejecting one would be a false positive.
 */
export const optimizedIntegrations: Readonly<Record<string, ServiceActions>> = {
  lambda: { invoke: ['request', 'callback'] },
  dynamodb: { getItem: ['request'], putItem: ['request'], updateItem: ['request'], deleteItem: ['request'] },
  sns: { publish: ['request', 'callback'] },
  sqs: { sendMessage: ['request', 'callback'] },
  states: { startExecution: ['request', 'sync', 'callback'] },
  events: { putEvents: ['request', 'callback'] },
  ecs: { runTask: ['request', 'sync', 'callback'] },
  batch: { submitJob: ['request', 'sync'] },
  glue: { startJobRun: ['request', 'sync'] },
  sagemaker: {
    createTrainingJob: ['request', 'sync'],
    createTransformJob: ['request', 'sync'],
    createProcessingJob: ['request', 'sync'],
    createHyperParameterTuningJob: ['request', 'sync'],
    createLabelingJob: ['request', 'sync'],
    createModel: ['request'],
    createEndpointConfig: ['request'],
    createEndpoint: ['request'],
    updateEndpoint: ['request'],
  },
  athena: {
    startQueryExecution: ['request', 'sync'],
    stopQueryExecution: ['request'],
    getQueryExecution: ['request'],
    getQueryResults: ['request'],
  },
  codebuild: {
    startBuild: ['request', 'sync'],
    startBuildBatch: ['request', 'sync'],
    retryBuildBatch: ['request', 'sync'],
    stopBuild: ['request'],
    stopBuildBatch: ['request'],
    deleteBuildBatch: ['request'],
    batchDeleteBuilds: ['request'],
    batchGetReports: ['request'],
  },
  apigateway: { invoke: ['request', 'callback'] },
  http: { invoke: ['request'] },
};

/** Whether AWS recognises `service:action` (true for a service the catalogue does not list). */
export function isKnownIntegration(service: string, action: string): boolean {
  if (!Object.hasOwn(optimizedIntegrations, service)) return true;
  return Object.hasOwn(optimizedIntegrations[service] ?? {}, action);
}

/** Whether the listed `service:action` supports `pattern`. */
export function supportsPattern(service: string, action: string, pattern: TaskPattern): boolean {
  const actions = Object.hasOwn(optimizedIntegrations, service) ? optimizedIntegrations[service] : undefined;
  return actions !== undefined && Object.hasOwn(actions, action) && (actions[action]?.includes(pattern) ?? false);
}
