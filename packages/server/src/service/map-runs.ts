// The Map Run API: DescribeMapRun, ListMapRuns and UpdateMapRun over the runs of Distributed Maps (their
// children are executions, listed by ListExecutions with mapRunArn).

import { keepsMapRuns, type MapRunCounts, type MapRunRecord, type MapRunStore } from '../store/map-run-store.ts';
import type { Handler } from './api.ts';
import { pageSize, type ServiceDeps } from './context.ts';
import { executionDoesNotExist, resourceNotFound, validationError } from './errors.ts';
import { paged } from './page-tokens.ts';

export function mapRunHandlers(deps: ServiceDeps) {
  const { arns } = deps;

  function mapRunStore(): MapRunStore {
    const store = deps.store;
    if (!keepsMapRuns(store)) throw new Error('this store keeps no map runs');
    return store;
  }

  async function existing(arn: string): Promise<MapRunRecord> {
    arns.parseMapRun(arn);
    const run = await mapRunStore().getMapRun(arn);
    if (run === undefined) throw resourceNotFound(`Map Run Does Not Exist: '${arn}'`, arn);
    return run;
  }

  const describe: Handler = async (request) => describeMapRun(await existing(request.mapRunArn as string));

  const list: Handler = async (request) => {
    const executionArn = request.executionArn as string;
    arns.parseExecution(executionArn);
    if ((await deps.store.getExecution(executionArn)) === undefined) throw executionDoesNotExist(executionArn);
    const page = await paged(['ListMapRuns', executionArn], request.nextToken, (after) =>
      mapRunStore().listMapRuns(executionArn, { limit: pageSize(request.maxResults), ...after }),
    );
    return {
      mapRuns: page.items.map(listItem),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    };
  };

  const update: Handler = async (request) => {
    const arn = request.mapRunArn as string;
    const patch = {
      ...(typeof request.maxConcurrency === 'number' ? { maxConcurrency: request.maxConcurrency } : {}),
      ...(typeof request.toleratedFailureCount === 'number'
        ? { toleratedFailureCount: request.toleratedFailureCount }
        : {}),
      ...(typeof request.toleratedFailurePercentage === 'number'
        ? { toleratedFailurePercentage: request.toleratedFailurePercentage }
        : {}),
    };
    if (Object.keys(patch).length === 0) {
      throw validationError(
        'Must provide at least one of maxConcurrency, toleratedFailureCount or toleratedFailurePercentage',
      );
    }
    const run = await existing(arn);
    if (run.status !== 'RUNNING') {
      throw validationError(`Map Run is ${run.status}: only a running Map Run can be updated`);
    }
    await mapRunStore().updateMapRun(arn, patch);
    // The driver starts the children the new MaxConcurrency leaves room for.
    await deps.runtime.mapRunUpdated(arn);
    return {};
  };

  return { DescribeMapRun: describe, ListMapRuns: list, UpdateMapRun: update };
}

function describeMapRun(run: MapRunRecord): object {
  const counts = itemCounts(run.counts);
  return {
    mapRunArn: run.arn,
    executionArn: run.executionArn,
    status: run.status,
    startDate: new Date(run.startDate),
    ...(run.stopDate === undefined ? {} : { stopDate: new Date(run.stopDate) }),
    maxConcurrency: run.maxConcurrency,
    toleratedFailurePercentage: run.toleratedFailurePercentage ?? 0,
    toleratedFailureCount: run.toleratedFailureCount ?? 0,
    itemCounts: counts,
    executionCounts: counts,
    redriveCount: run.redriveCount,
    ...(run.redriveDate === undefined ? {} : { redriveDate: new Date(run.redriveDate) }),
  };
}

/** One child per item, so items and executions count alike; `resultsWritten` counts the ended ones. */
function itemCounts(counts: MapRunCounts): object {
  const ended = counts.succeeded + counts.failed + counts.timedOut + counts.aborted;
  return {
    pending: counts.pending,
    running: counts.running,
    succeeded: counts.succeeded,
    failed: counts.failed,
    timedOut: counts.timedOut,
    aborted: counts.aborted,
    total: counts.total,
    resultsWritten: ended,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}

function listItem(run: MapRunRecord): object {
  return {
    executionArn: run.executionArn,
    mapRunArn: run.arn,
    stateMachineArn: run.stateMachineArn,
    startDate: new Date(run.startDate),
    ...(run.stopDate === undefined ? {} : { stopDate: new Date(run.stopDate) }),
  };
}
