// The environment variables of AWS Step Functions Local, read as the serve options they stand for, so a
// migrating user's docker-compose or CI settings keep working. Given options win over the environment.

import type { Io } from './io.ts';

/** Step Functions Local's `*_ENDPOINT` variables and the service each routes (`--aws-endpoint SERVICE=URL`). */
export const endpointVariables: Readonly<Record<string, string>> = {
  LAMBDA_ENDPOINT: 'lambda',
  BATCH_ENDPOINT: 'batch',
  DYNAMODB_ENDPOINT: 'dynamodb',
  ECS_ENDPOINT: 'ecs',
  GLUE_ENDPOINT: 'glue',
  SAGE_MAKER_ENDPOINT: 'sagemaker',
  SQS_ENDPOINT: 'sqs',
  SNS_ENDPOINT: 'sns',
  EVENTBRIDGE_ENDPOINT: 'events',
};

/** Options derived from the environment, to be placed before the command line's own. */
export function stepFunctionsLocalArgs(env: Readonly<Record<string, string | undefined>>, io: Io): string[] {
  const args: string[] = [];
  if (env.AWS_ACCOUNT_ID !== undefined) args.push('--account', env.AWS_ACCOUNT_ID);
  if (env.AWS_DEFAULT_REGION !== undefined) args.push('--region', env.AWS_DEFAULT_REGION);
  if (env.SFN_MOCK_CONFIG !== undefined) args.push('--mocks', env.SFN_MOCK_CONFIG);
  const endpoints = Object.entries(endpointVariables).flatMap(([variable, service]) => {
    const url = env[variable];
    return url === undefined ? [] : [`${service}=${url}`];
  });
  if (endpoints.length > 0) args.push('--aws-endpoint', endpoints.join(','));
  if (env.STEP_FUNCTIONS_ENDPOINT !== undefined) {
    io.err('stepwise: STEP_FUNCTIONS_ENDPOINT is ignored: nested executions run on this server');
  }
  if (env.WAIT_TIME_SCALE !== undefined) args.push('--time-scale', env.WAIT_TIME_SCALE);
  return args;
}
