// AWS SDK for JavaScript v3 clients, loaded by Step Functions service name (`s3`, `dynamodb`,
// `secretsmanager`, ...) from the installed `@aws-sdk/client-*` package, one client per service.

import { endpointFor, type AwsConfig } from './aws-config.ts';

/** Step Functions service names whose client package is not simply `@aws-sdk/client-<name>`. */
const packageNames: Readonly<Record<string, string>> = {
  secretsmanager: 'secrets-manager',
  cloudwatchlogs: 'cloudwatch-logs',
  cloudwatchevents: 'cloudwatch-events',
  apigatewaymanagementapi: 'apigatewaymanagementapi',
  elasticloadbalancingv2: 'elastic-load-balancing-v2',
  elasticloadbalancing: 'elastic-load-balancing',
  applicationautoscaling: 'application-auto-scaling',
  autoscaling: 'auto-scaling',
  costexplorer: 'cost-explorer',
  databasemigration: 'database-migration-service',
  dynamodbstreams: 'dynamodb-streams',
  kinesisfirehose: 'firehose',
  firehose: 'firehose',
  sagemakerruntime: 'sagemaker-runtime',
  bedrockruntime: 'bedrock-runtime',
  bedrockagent: 'bedrock-agent',
  bedrockagentruntime: 'bedrock-agent-runtime',
  servicecatalog: 'service-catalog',
  servicediscovery: 'servicediscovery',
  ssm: 'ssm',
  sfn: 'sfn',
};

/** A loaded client package: its client, its exports (commands, modelled exceptions) and its class name. */
export interface ServiceClient {
  service: string;
  packageName: string;
  /** The client class name without `Client`, e.g. `DynamoDB`, `S3`, `SecretsManager`. */
  sdkName: string;
  module: Record<string, unknown>;
  client: { send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<unknown> };
}

export class MissingClientError extends Error {
  override name = 'MissingClientError';
}

interface ClientClass {
  new (config: Record<string, unknown>): ServiceClient['client'];
}

export class SdkClients {
  private readonly loaded = new Map<string, Promise<ServiceClient>>();

  constructor(private readonly config: AwsConfig) {}

  client(service: string): Promise<ServiceClient> {
    let client = this.loaded.get(service);
    if (client === undefined) {
      client = this.load(service);
      this.loaded.set(service, client);
      // A failed load is not cached: installing the package makes the next task work.
      client.catch(() => this.loaded.delete(service));
    }
    return client;
  }

  private async load(service: string): Promise<ServiceClient> {
    const packageName = `@aws-sdk/client-${packageNames[service] ?? service}`;
    let module: Record<string, unknown>;
    try {
      module = (await import(packageName)) as Record<string, unknown>;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
      throw new MissingClientError(
        `The AWS SDK client for '${service}' is not installed: run 'npm install ${packageName}' where Stepwise is installed`,
      );
    }
    const className = Object.keys(module).find((key) => /^[A-Z][A-Za-z0-9]*Client$/.test(key));
    if (className === undefined) throw new MissingClientError(`${packageName} exports no client class`);
    const ClientConstructor = module[className] as ClientClass;
    const endpoint = endpointFor(this.config, service);
    const client = new ClientConstructor({
      region: this.config.region,
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(this.config.credentials === undefined ? {} : { credentials: this.config.credentials }),
      ...(this.config.profile === undefined ? {} : { profile: this.config.profile }),
      // An AWS-compatible server on one host serves buckets by path, not by subdomain.
      ...(service === 's3' && endpoint !== undefined ? { forcePathStyle: true } : {}),
      // Step Functions' SDK asks for no response checksums unless the parameters do (ChecksumMode).
      ...(service === 's3' ? { responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
      maxAttempts: 1,
    });
    return { service, packageName, sdkName: className.slice(0, -'Client'.length), module, client };
  }
}

/** The command class for an action (`getItem` → `GetItemCommand`), or undefined when the SDK has none. */
export function commandFor(client: ServiceClient, action: string): (new (input: unknown) => unknown) | undefined {
  const name = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
  const command = client.module[name];
  return typeof command === 'function' ? (command as new (input: unknown) => unknown) : undefined;
}
