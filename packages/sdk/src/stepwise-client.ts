// An AWS SDK Step Functions client set up for a Stepwise server: its endpoint, and no host prefix, since the
// SDK sends StartSyncExecution and TestState to `sync-<host>`, a name that does not resolve for a local server.

import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';

export interface StepwiseClientOptions extends Omit<SFNClientConfig, 'endpoint'> {
  /** The server's URL, as `stepwise serve` prints it (default http://127.0.0.1:8083). */
  endpoint?: string;
}

/**
 * A `SFNClient` for a Stepwise server. Region and credentials default to `us-east-1` and placeholder keys
 * (a server without SigV4 verification accepts any), so a local setup needs no AWS configuration.
 *
 * @example
 * ```ts
 * const sfn = createStepwiseClient({ endpoint: 'http://127.0.0.1:8083' });
 * await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{}' }));
 * ```
 */
export function createStepwiseClient(options: StepwiseClientOptions = {}): SFNClient {
  return new SFNClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'stepwise', secretAccessKey: 'stepwise' },
    ...options,
    endpoint: options.endpoint ?? 'http://127.0.0.1:8083',
    disableHostPrefix: true,
  });
}
