// The SDK calls of job `.sync` tasks after their start: the describe call that tells whether the job ended
// (and its description, the task's output or cause), and the stop call for a cancelled task. The runtime
// decides when to make them (job-polls.ts); the integrations declare them (optimized/*.ts).

import { parseResource, type JsonValue } from '@stepwise/core';
import type { JobWork } from '../../../store/store.ts';
import type { JobPerformer, JobPoll } from '../../job-polls.ts';
import type { AwsConfig } from './aws-config.ts';
import { jobAction, sendCommand } from './optimized-tasks.ts';
import type { JobAction } from './optimized/job-action.ts';
import type { OptimizedIntegration } from './optimized/optimized-integration.ts';
import { optimizedIntegrationRegistry } from './optimized/registry.ts';
import { SdkClients } from './sdk-clients.ts';
import { inputObject, toJson } from './sdk-values.ts';

interface JobTarget {
  integration: OptimizedIntegration;
  job: JobAction;
}

function targetOf(resource: string): JobTarget {
  const parsed = parseResource(resource);
  const integration = parsed.kind === 'integration' ? optimizedIntegrationRegistry.get(parsed.service) : undefined;
  const job = parsed.kind === 'integration' ? jobAction(parsed) : undefined;
  if (integration === undefined || job === undefined) throw new Error(`${resource} runs no job Stepwise polls`);
  return { integration, job };
}

/** Polls and stops jobs with the SDK clients of `config` (the same ones the start calls used, when given). */
export function jobPerformer(config: AwsConfig, clients?: SdkClients): JobPerformer {
  const sdk = clients ?? new SdkClients(config);
  const send = async (target: JobTarget, action: string, input: Record<string, unknown>, signal?: AbortSignal) => {
    const service = target.integration.service;
    const client = await sdk.client(target.integration.client ?? service);
    return sendCommand(client, service, action, input, signal === undefined ? {} : { signal });
  };
  return {
    poll: async (work, signal) => {
      const target = targetOf(work.resource);
      const sent = await send(target, target.job.describe.action, target.job.describe.input(work.handle), signal);
      if ('error' in sent) return sent;
      const json = inputObject(await toJson(sent.raw));
      return pollAnswer(target, work, target.integration.presents?.(json) ?? json);
    },
    stop: async (work) => {
      const target = targetOf(work.resource);
      const sent = await send(target, target.job.stop.action, target.job.stop.input(work.handle));
      return 'error' in sent ? sent : undefined;
    },
  };
}

function pollAnswer(target: JobTarget, work: JobWork, response: Record<string, JsonValue>): JobPoll {
  const status = target.job.status(response);
  if (status === undefined) {
    const cause = `${target.job.describe.action} found no job for ${JSON.stringify(work.handle)}`;
    return { error: 'States.TaskFailed', cause };
  }
  if (status.state === 'running') return { running: true };
  const description = JSON.stringify(status.description);
  return status.state === 'succeeded' ? { output: description } : { error: 'States.TaskFailed', cause: description };
}
