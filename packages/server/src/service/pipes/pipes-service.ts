// EventBridge Pipes' API (REST JSON): Create/Describe/List/Update/Delete/Start/StopPipe over the TriggerStore.
// A change takes effect at once, so the answer names the passing state AWS gives (CREATING, UPDATING, STARTING,
// STOPPING, DELETING) and DescribePipe the settled one (RUNNING or STOPPED).

import type { PipeRecord } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import { pageLimit, validation, type EventsDeps, type EventsHandler } from '../events/events-context.ts';
import { newPipe, pipeNamePattern, updatedPipe } from './pipe-request.ts';

export interface PipesDeps extends EventsDeps {
  /** Tells the pipe runner that pipes changed. */
  pipesChanged: () => void;
}

function notFound(name: string): ApiError {
  return new ApiError('NotFoundException', `Pipe ${name} does not exist.`, 404);
}

function seconds(millis: number): number {
  return millis / 1000;
}

/** The answer of the operations that change a pipe: its identity and states. */
function stateAnswer(pipe: PipeRecord, currentState: string): object {
  return {
    Arn: pipe.Arn,
    Name: pipe.Name,
    DesiredState: pipe.DesiredState,
    CurrentState: currentState,
    CreationTime: seconds(pipe.CreationTime),
    LastModifiedTime: seconds(pipe.LastModifiedTime),
  };
}

export function describePipe(pipe: PipeRecord): object {
  return {
    ...pipe,
    CurrentState: pipe.DesiredState,
    CreationTime: seconds(pipe.CreationTime),
    LastModifiedTime: seconds(pipe.LastModifiedTime),
  };
}

function pipeName(request: Record<string, unknown>): string {
  const name = request.Name;
  if (typeof name !== 'string' || !pipeNamePattern.test(name))
    throw validation(`Pipe name ${String(name)} is not valid.`);
  return name;
}

async function existingPipe(deps: PipesDeps, request: Record<string, unknown>): Promise<PipeRecord> {
  const name = pipeName(request);
  const pipe = await deps.triggers.getPipe(name);
  if (pipe === undefined) throw notFound(name);
  return pipe;
}

async function setState(deps: PipesDeps, request: Record<string, unknown>, state: PipeRecord['DesiredState']) {
  const existing = await existingPipe(deps, request);
  const pipe = {
    ...existing,
    DesiredState: state,
    LastModifiedTime: Math.max(deps.now(), existing.LastModifiedTime + 1),
  };
  if (!(await deps.triggers.putPipe(pipe, true))) throw notFound(pipe.Name);
  deps.pipesChanged();
  return stateAnswer(pipe, state === 'RUNNING' ? 'STARTING' : 'STOPPING');
}

export function pipeHandlers(deps: PipesDeps): Record<string, EventsHandler> {
  return {
    CreatePipe: async (request) => {
      const pipe = newPipe(deps, pipeName(request), request);
      if (!(await deps.triggers.putPipe(pipe, false))) {
        throw new ApiError('ConflictException', `Pipe ${pipe.Name} already exists.`, 409);
      }
      deps.pipesChanged();
      return stateAnswer(pipe, 'CREATING');
    },
    DescribePipe: async (request) => describePipe(await existingPipe(deps, request)),
    UpdatePipe: async (request) => {
      const pipe = updatedPipe(deps, await existingPipe(deps, request), request);
      if (!(await deps.triggers.putPipe(pipe, true))) throw notFound(pipe.Name);
      deps.pipesChanged();
      return stateAnswer(pipe, 'UPDATING');
    },
    DeletePipe: async (request) => {
      const pipe = await existingPipe(deps, request);
      if (!(await deps.triggers.deletePipe(pipe.Name))) throw notFound(pipe.Name);
      deps.pipesChanged();
      return stateAnswer(pipe, 'DELETING');
    },
    StartPipe: (request) => setState(deps, request, 'RUNNING'),
    StopPipe: (request) => setState(deps, request, 'STOPPED'),
    ListPipes: (request) => listPipes(deps, request),
  };
}

async function listPipes(deps: PipesDeps, request: Record<string, unknown>): Promise<object> {
  const limit = pageLimit(request, 'Limit');
  const after = typeof request.NextToken === 'string' ? { after: request.NextToken } : {};
  const prefix = typeof request.NamePrefix === 'string' ? request.NamePrefix : undefined;
  const page = await deps.triggers.listPipes(prefix, { limit, ...after });
  const wanted = (pipe: PipeRecord) =>
    (request.DesiredState === undefined || pipe.DesiredState === request.DesiredState) &&
    (request.CurrentState === undefined || pipe.DesiredState === request.CurrentState) &&
    (typeof request.SourcePrefix !== 'string' || pipe.Source.startsWith(request.SourcePrefix)) &&
    (typeof request.TargetPrefix !== 'string' || pipe.Target.startsWith(request.TargetPrefix));
  return {
    Pipes: page.items.filter(wanted).map((pipe) => ({
      Name: pipe.Name,
      Arn: pipe.Arn,
      DesiredState: pipe.DesiredState,
      CurrentState: pipe.DesiredState,
      CreationTime: seconds(pipe.CreationTime),
      LastModifiedTime: seconds(pipe.LastModifiedTime),
      Source: pipe.Source,
      Target: pipe.Target,
    })),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}
