// The options `run` and `serve` share for work beyond local functions: AWS services (`--aws-endpoint`,
// `--aws-region`, credentials from the usual AWS environment) and HTTP Task connections (`--connections`).

import { resolve } from 'node:path';
import type { AwsConfig } from '../runtime/tasks/aws/aws-config.ts';
import { ConnectionsError, loadConnections, type Connections } from '../runtime/tasks/http-task/connections.ts';
import type { IntegrationOptions } from '../runtime/tasks/integrations.ts';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';

export const integrationOptionNames = ['aws-endpoint', 'aws-region', 'connections'];
type Environment = Readonly<Record<string, string | undefined>>;

/**
 * AWS services are on when `--aws-endpoint` (an AWS-compatible server; `sqs=URL,s3=URL` per service, an entry
 * without `SERVICE=` for the rest) or `--aws-region` (real AWS) is given. Credentials: AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN when set, otherwise the SDK's chain (AWS_PROFILE, shared files).
 */
export function awsConfigFrom(args: ParsedArgs, env: Environment, defaultRegion: string): AwsConfig | undefined {
  const endpointOption = stringOption(args, 'aws-endpoint');
  const regionOption = stringOption(args, 'aws-region');
  if (endpointOption === undefined && regionOption === undefined) return undefined;
  const region = regionOption ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? defaultRegion;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new UsageError(`--aws-region ${region} is not a region name`);
  const config: AwsConfig = { region };
  if (endpointOption !== undefined) Object.assign(config, parseEndpoints(endpointOption));
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (accessKeyId !== undefined && secretAccessKey !== undefined) {
    const sessionToken = env.AWS_SESSION_TOKEN;
    config.credentials = { accessKeyId, secretAccessKey, ...(sessionToken === undefined ? {} : { sessionToken }) };
  } else if (endpointOption !== undefined && env.AWS_PROFILE === undefined) {
    // An AWS-compatible server takes any credentials; do not make its users invent some.
    config.credentials = { accessKeyId: 'stepwise', secretAccessKey: 'stepwise' };
  }
  if (env.AWS_PROFILE !== undefined) config.profile = env.AWS_PROFILE;
  return config;
}

function parseEndpoints(text: string): Pick<AwsConfig, 'endpoint' | 'endpoints'> {
  const endpoints: Record<string, string> = {};
  let endpoint: string | undefined;
  for (const entry of text.split(',').filter((part) => part !== '')) {
    const match = /^([a-z0-9-]+)=(.+)$/.exec(entry);
    const url = match?.[2] ?? entry;
    if (!/^https?:\/\/[^\s]+$/.test(url)) {
      throw new UsageError(`--aws-endpoint: '${url}' is not an http(s) URL (give URL or SERVICE=URL,...)`);
    }
    if (match?.[1] === undefined) endpoint = url;
    else endpoints[match[1]] = url;
  }
  return { ...(endpoint === undefined ? {} : { endpoint }), endpoints };
}

export function connectionsFrom(args: ParsedArgs): { connections?: Connections; connectionsSource?: string } {
  const file = stringOption(args, 'connections');
  if (file === undefined) return {};
  const path = resolve(file);
  try {
    return { connections: loadConnections(path), connectionsSource: path };
  } catch (error) {
    if (error instanceof ConnectionsError) throw new UsageError(`bad --connections file: ${error.message}`);
    throw error;
  }
}

export function integrationOptionsFrom(args: ParsedArgs, env: Environment, region: string): IntegrationOptions {
  const aws = awsConfigFrom(args, env, region);
  return { region, ...(aws === undefined ? {} : { aws }), ...connectionsFrom(args) };
}
