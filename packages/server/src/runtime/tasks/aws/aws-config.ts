// Where AWS service tasks go: real AWS in a region, or an AWS-compatible server (one endpoint for every
// service, or one per service). The CLI builds this from its options and the usual AWS environment.

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface AwsConfig {
  region: string;
  /** Every service's endpoint (an AWS-compatible server); absent: AWS's own endpoints. */
  endpoint?: string;
  /** Per-service endpoints by Step Functions service name (`sqs`, `dynamodb`, ...), over `endpoint`. */
  endpoints?: Readonly<Record<string, string>>;
  /** Absent: the SDK's default chain (environment, shared files, instance roles). */
  credentials?: AwsCredentials;
  /** The shared-config profile the default chain reads. */
  profile?: string;
}

/** What a task without AWS configuration reports: exactly what to configure. */
export function notConfiguredCause(resource: string): string {
  return (
    `Stepwise is not configured to call AWS services, so it cannot perform ${resource}. ` +
    'Start the server with --aws-endpoint URL (an AWS-compatible server such as moto or LocalStack) or ' +
    '--aws-region REGION (real AWS), with credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE.'
  );
}

/** The endpoint for one service, if any is configured. */
export function endpointFor(config: AwsConfig, service: string): string | undefined {
  return config.endpoints?.[service] ?? config.endpoint;
}
