// The EventBridge API (AWS JSON 1.1, `X-Amz-Target: AWSEvents.<Operation>`) as one service module: its
// operations by name, and how a delivery starts its execution through the Step Functions API.

import { ownerOf } from '../trigger-accounts.ts';
import type { CallContext, StepFunctionsApi } from '../api.ts';
import { ApiError } from '../errors.ts';
import type { DeliveryRecord } from '../../store/trigger-store.ts';
import { eventBusHandlers } from './event-buses.ts';
import type { EventsDeps, EventsHandler } from './events-context.ts';
import { putEventsHandlers } from './put-events.ts';
import { RuleCache } from './rule-cache.ts';
import { ruleHandlers } from './rules.ts';
import { targetHandlers } from './targets.ts';

export interface EventsApi {
  call(operation: string, body: unknown): Promise<object>;
}

/** Operations after which PutEvents must read the rules again. */
const changesRules = /^(PutRule|DeleteRule|EnableRule|DisableRule|PutTargets|RemoveTargets|DeleteEventBus)$/;

export function createEventsService(deps: EventsDeps, rules = new RuleCache(deps.triggers, deps.now)): EventsApi {
  const handlers: Record<string, EventsHandler> = {
    ...eventBusHandlers(deps),
    ...ruleHandlers(deps),
    ...targetHandlers(deps),
    ...putEventsHandlers(deps, rules),
  };
  return {
    call: (operation, body) => {
      const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
      if (handler === undefined)
        return Promise.reject(new ApiError('UnknownOperationException', `Unknown operation ${operation}`));
      const result = handler(body as Record<string, unknown>);
      return changesRules.test(operation)
        ? result.finally(() => {
            rules.changed();
          })
        : result;
    },
  };
}

/**
 * Starts a delivery's execution with StartExecution, named after the delivery: if a crash came between the start
 * and the delivery's removal, the repeat finds its execution (ExecutionAlreadyExists) and counts it as started.
 */
export function startDelivery(api: StepFunctionsApi, ctx: CallContext): (delivery: DeliveryRecord) => Promise<string> {
  return async (delivery) => {
    const request = { stateMachineArn: delivery.stateMachineArn, name: delivery.id, input: delivery.input };
    try {
      const account = ownerOf(delivery.source);
      const started = (await api.call(
        'StartExecution',
        request,
        account === undefined ? ctx : { ...ctx, account },
      )) as {
        executionArn: string;
      };
      return started.executionArn;
    } catch (error) {
      if (error instanceof ApiError && error.type === 'ExecutionAlreadyExists') {
        return `${delivery.stateMachineArn.replace(':stateMachine:', ':execution:')}:${delivery.id}`;
      }
      throw error;
    }
  };
}
