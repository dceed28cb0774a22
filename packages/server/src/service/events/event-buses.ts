// Event buses: the default bus, always there, and the custom ones CreateEventBus adds.

import type { EventBusRecord } from '../../store/trigger-store.ts';
import { ApiError } from '../errors.ts';
import {
  busArn,
  busName,
  busNamePattern,
  busNotFound,
  optionalString,
  pageLimit,
  requiredString,
  validation,
  type EventsDeps,
  type EventsHandler,
} from './events-context.ts';

/** The bus a request names (absent: default); ResourceNotFoundException when there is no such bus. */
export async function existingBus(deps: EventsDeps, value: unknown): Promise<EventBusRecord> {
  const name = busName(value);
  if (name === 'default') return { name, arn: busArn(deps, name), creationTime: 0 };
  const bus = await deps.triggers.getEventBus(name);
  if (bus === undefined) throw busNotFound(name);
  return bus;
}

function describe(bus: EventBusRecord): object {
  return {
    Name: bus.name,
    Arn: bus.arn,
    ...(bus.description === undefined ? {} : { Description: bus.description }),
    ...(bus.creationTime === 0 ? {} : { CreationTime: new Date(bus.creationTime) }),
  };
}

export function eventBusHandlers(deps: EventsDeps): Record<string, EventsHandler> {
  return {
    CreateEventBus: async (request) => {
      const name = requiredString(request, 'Name', busNamePattern);
      if (name === 'default' || name.includes('/')) throw validation(`Event bus name ${name} is not valid.`);
      const description = optionalString(request, 'Description');
      const bus = { name, arn: busArn(deps, name), creationTime: deps.now(), ...(description ? { description } : {}) };
      if (!(await deps.triggers.createEventBus(bus))) {
        throw new ApiError('ResourceAlreadyExistsException', `Event bus ${name} already exists.`);
      }
      return { EventBusArn: bus.arn, ...(description ? { Description: description } : {}) };
    },
    DescribeEventBus: async (request) => describe(await existingBus(deps, request.Name)),
    ListEventBuses: async (request) => {
      const prefix = optionalString(request, 'NamePrefix');
      const limit = pageLimit(request, 'Limit');
      const after = optionalString(request, 'NextToken');
      const page = await deps.triggers.listEventBuses(prefix, { limit, ...(after === undefined ? {} : { after }) });
      const buses =
        after === undefined && 'default'.startsWith(prefix ?? '') ? [await existingBus(deps, 'default')] : [];
      return {
        EventBuses: [...buses, ...page.items].map(describe),
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      };
    },
    DeleteEventBus: async (request) => {
      const name = requiredString(request, 'Name', busNamePattern);
      if (name === 'default') throw validation('Cannot delete event bus default.');
      await deps.triggers.deleteEventBus(name);
      return {};
    },
  };
}
