import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { it } from 'node:test';
import { parseServeOptions } from './serve-command.ts';
import { stepFunctionsLocalArgs } from './step-functions-local-env.ts';

const mocks = fileURLToPath(new URL('./fixtures/order-mocks.json', import.meta.url));
const errors: string[] = [];
const io = { out: () => undefined, err: (text: string) => errors.push(text) };

it("reads Step Functions Local's variables as the serve options they stand for", () => {
  const env = {
    AWS_ACCOUNT_ID: '111122223333',
    AWS_DEFAULT_REGION: 'eu-west-1',
    LAMBDA_ENDPOINT: 'http://127.0.0.1:3001',
    SQS_ENDPOINT: 'http://127.0.0.1:4566',
    SFN_MOCK_CONFIG: mocks,
  };
  const options = parseServeOptions(stepFunctionsLocalArgs(env, io), env);
  assert.equal(options.accountId, '111122223333');
  assert.equal(options.region, 'eu-west-1');
  assert.ok(options.mocks !== undefined);
  assert.deepEqual(options.integrations.aws?.endpoints, {
    lambda: 'http://127.0.0.1:3001',
    sqs: 'http://127.0.0.1:4566',
  });
});

it('lets the command line override the environment, and says which variables it does not apply', () => {
  const env = { AWS_DEFAULT_REGION: 'eu-west-1', WAIT_TIME_SCALE: '0', STEP_FUNCTIONS_ENDPOINT: 'http://x' };
  const options = parseServeOptions([...stepFunctionsLocalArgs(env, io), '--region', 'us-west-2'], env);
  assert.equal(options.region, 'us-west-2');
  assert.equal(options.waitTimeScale, 0, 'WAIT_TIME_SCALE is read as --time-scale');
  const scaled = parseServeOptions([...stepFunctionsLocalArgs(env, io), '--time-scale', '0.5'], env);
  assert.equal(scaled.waitTimeScale, 0.5, 'the command line wins');
  assert.match(errors.join('\n'), /STEP_FUNCTIONS_ENDPOINT is ignored/);
});

it('refuses a time scale that is not a number from 0 up, naming the variable and the value', () => {
  for (const bad of ['-1', 'fast', '', 'Infinity']) {
    assert.throws(
      () => parseServeOptions(stepFunctionsLocalArgs({ WAIT_TIME_SCALE: bad }, io)),
      new RegExp(`--time-scale \\(or WAIT_TIME_SCALE\\) must be a number from 0 up .*not '${bad}'`),
    );
  }
});
