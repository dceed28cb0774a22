// The set-up the integration tests share: moto_server started, the real `stepwise serve --aws-endpoint` on it
// with the tests' credentials, and AWS SDK clients of either; each registered with the file's Teardown, so
// that a failed set-up still stops what it started.

import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { startMotoServer, type MotoServer } from 'stepwise/testing';
import { startServer, type ServerProcess } from '../api/server-process.ts';
import type { Teardown } from '../api/teardown.ts';

export const region = 'us-east-1';
/** moto takes any keys; the server is given the same ones through the environment. */
export const credentials = { accessKeyId: 'e2e', secretAccessKey: 'e2e' };

/** What an AWS SDK client needs to reach moto. */
export interface MotoConfig {
  endpoint: string;
  region: string;
  credentials: typeof credentials;
}

export async function startMoto(owned: Teardown, options?: Parameters<typeof startMotoServer>[0]): Promise<MotoServer> {
  return owned.add(await startMotoServer(options), (moto) => moto.stop());
}

export function motoConfig(moto: MotoServer): MotoConfig {
  return { endpoint: moto.endpoint, region, credentials };
}

/** A client, destroyed at the end of the file. */
export function owned<T extends { destroy(): void }>(teardown: Teardown, client: T): T {
  return teardown.add(client, (made) => {
    made.destroy();
  });
}

/** An S3 client of moto (path-style: moto's buckets are not host names). */
export function motoS3(teardown: Teardown, moto: MotoServer): S3Client {
  return owned(teardown, new S3Client({ ...motoConfig(moto), forcePathStyle: true }));
}

/** `stepwise serve --aws-endpoint ENDPOINT --region us-east-1 ARGS…`, with the tests' credentials. */
export async function serveOnMoto(
  teardown: Teardown,
  endpoint: string,
  args: readonly string[] = [],
): Promise<ServerProcess> {
  const env = { AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey };
  const server = await startServer(['--aws-endpoint', endpoint, '--region', region, ...args], { env });
  return teardown.add(server, (process) => process.stop());
}

/** The AWS SDK's Step Functions client of a Stepwise server, with no retries (a test sees the first answer). */
export function sfnOf(teardown: Teardown, url: string): SFNClient {
  return owned(teardown, new SFNClient({ endpoint: url, region, credentials, maxAttempts: 1 }));
}
