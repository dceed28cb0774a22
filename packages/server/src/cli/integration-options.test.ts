// The AWS options of run and serve: endpoints (one, or per service), region and credentials from the environment.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, UsageError } from './args.ts';
import { awsConfigFrom, integrationOptionNames } from './integration-options.ts';

const config = (argv: string[], env: Record<string, string> = {}) =>
  awsConfigFrom(parseArgs(argv, [], integrationOptionNames), env, 'eu-west-1');

test('without --aws-endpoint or --aws-region AWS services stay off', () => {
  assert.equal(config([]), undefined);
});

test('one endpoint for every service, and per-service endpoints over it', () => {
  assert.deepEqual(config(['--aws-endpoint', 'http://127.0.0.1:5000,s3=http://127.0.0.1:9000']), {
    region: 'eu-west-1',
    endpoint: 'http://127.0.0.1:5000',
    endpoints: { s3: 'http://127.0.0.1:9000' },
    credentials: { accessKeyId: 'stepwise', secretAccessKey: 'stepwise' },
  });
});

test('real AWS: the region given, credentials from the AWS environment', () => {
  const env = { AWS_ACCESS_KEY_ID: 'AKIA1', AWS_SECRET_ACCESS_KEY: 's', AWS_SESSION_TOKEN: 't' };
  assert.deepEqual(config(['--aws-region', 'us-west-2'], env), {
    region: 'us-west-2',
    credentials: { accessKeyId: 'AKIA1', secretAccessKey: 's', sessionToken: 't' },
  });
  assert.deepEqual(config(['--aws-region', 'us-west-2'], { AWS_PROFILE: 'dev' }), {
    region: 'us-west-2',
    profile: 'dev',
  });
});

test('an endpoint that is not a URL is a usage error', () => {
  assert.throws(() => config(['--aws-endpoint', 'localhost:4566']), UsageError);
});
