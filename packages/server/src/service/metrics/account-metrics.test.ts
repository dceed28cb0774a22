import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountMetricsText } from './account-metrics.ts';

const text = `# HELP ExecutionsStarted Step Functions' ExecutionsStarted, by StateMachineArn
# TYPE ExecutionsStarted counter
ExecutionsStarted{StateMachineArn="arn:aws:states:us-east-1:111111111111:stateMachine:a"} 2
ExecutionsStarted{StateMachineArn="arn:aws:states:us-east-1:222222222222:stateMachine:b"} 1
# HELP ServiceIntegrationsStarted Step Functions' ServiceIntegrationsStarted, by ServiceIntegrationResourceArn
# TYPE ServiceIntegrationsStarted counter
ServiceIntegrationsStarted{ServiceIntegrationResourceArn="arn:aws:states:::states:startExecution.sync:2"} 3
# HELP stepwise_open_executions Standard executions running (every node of the store)
# TYPE stepwise_open_executions gauge
stepwise_open_executions 4
# HELP LambdaFunctionTime Step Functions' LambdaFunctionTime in milliseconds, by LambdaFunctionArn
# TYPE LambdaFunctionTime histogram
LambdaFunctionTime_bucket{le="1",LambdaFunctionArn="arn:aws:lambda:us-east-1:222222222222:function:f"} 1
LambdaFunctionTime_count{LambdaFunctionArn="arn:aws:lambda:us-east-1:222222222222:function:f"} 1
`;

describe("an account's view of /metrics", () => {
  it("keeps the samples naming the account's ARNs, with their families' HELP and TYPE", () => {
    assert.equal(
      accountMetricsText(text, '222222222222'),
      `# HELP ExecutionsStarted Step Functions' ExecutionsStarted, by StateMachineArn
# TYPE ExecutionsStarted counter
ExecutionsStarted{StateMachineArn="arn:aws:states:us-east-1:222222222222:stateMachine:b"} 1
# HELP LambdaFunctionTime Step Functions' LambdaFunctionTime in milliseconds, by LambdaFunctionArn
# TYPE LambdaFunctionTime histogram
LambdaFunctionTime_bucket{le="1",LambdaFunctionArn="arn:aws:lambda:us-east-1:222222222222:function:f"} 1
LambdaFunctionTime_count{LambdaFunctionArn="arn:aws:lambda:us-east-1:222222222222:function:f"} 1
`,
    );
    assert.equal(accountMetricsText(text, '333333333333'), '');
  });
});
