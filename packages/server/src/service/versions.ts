// Version operations (Publish, List, Delete) and tags (Tag, Untag, ListTagsForResource).

import type { Handler } from './api.ts';
import { pageSize, requestTags, type ServiceDeps } from './context.ts';
import { paged } from './page-tokens.ts';
import { ApiError, invalidArn, resourceNotFound, stateMachineDeleting, stateMachineDoesNotExist } from './errors.ts';

export function versionHandlers(deps: ServiceDeps) {
  const { store, arns } = deps;

  const publish: Handler = async (request) => {
    const arn = request.stateMachineArn as string;
    arns.parseUnqualifiedStateMachine(arn);
    const machine = await store.getStateMachine(arn);
    if (machine === undefined) throw stateMachineDoesNotExist(arn);
    if (machine.status === 'DELETING') throw stateMachineDeleting();
    const expected = request.revisionId as string | undefined;
    if (expected !== undefined && expected !== machine.revisionId) {
      throw new ApiError(
        'ConflictException',
        `Failed to publish the State Machine version for revision ${expected}. The current State Machine revision is ${machine.revisionId}.`,
      );
    }
    // Publishing an unchanged revision again returns the version that already holds it.
    const latest = (await store.listVersions(arn, { limit: 1 })).items[0];
    if (latest?.revisionId === machine.revisionId) {
      return { creationDate: new Date(latest.creationDate), stateMachineVersionArn: latest.arn };
    }
    const description = request.description as string | undefined;
    const version = await store.publishVersion(arn, {
      creationDate: deps.now(),
      expectedRevisionId: machine.revisionId,
      ...(description === undefined ? {} : { description }),
    });
    if (version === undefined) {
      throw new ApiError('ConflictException', 'The state machine changed while its version was being published.');
    }
    return { creationDate: new Date(version.creationDate), stateMachineVersionArn: version.arn };
  };

  const list: Handler = async (request) => {
    const arn = request.stateMachineArn as string;
    arns.parseUnqualifiedStateMachine(arn);
    const page = await paged(['ListStateMachineVersions', arn], request.nextToken, (after) =>
      store.listVersions(arn, { limit: pageSize(request.maxResults), ...after }),
    );
    return {
      stateMachineVersions: page.items.map((v) => ({
        stateMachineVersionArn: v.arn,
        creationDate: new Date(v.creationDate),
      })),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    };
  };

  const remove: Handler = async (request) => {
    const arn = request.stateMachineVersionArn as string;
    const ref = arns.parseStateMachine(arn);
    if (ref.kind !== 'version') throw invalidArn(arn);
    const referencing = await aliasesRouting(deps, arns.stateMachine(ref.name), arn);
    if (referencing.length > 0) {
      throw new ApiError(
        'ConflictException',
        `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${referencing.join(', ')}]`,
      );
    }
    await store.deleteVersion(arn);
    return {};
  };

  return { PublishStateMachineVersion: publish, ListStateMachineVersions: list, DeleteStateMachineVersion: remove };
}

/** The aliases of a machine whose routing names the given version. */
async function aliasesRouting(deps: ServiceDeps, machineArn: string, versionArn: string): Promise<string[]> {
  const found: string[] = [];
  let token: string | undefined;
  do {
    const page = await deps.store.listAliases(machineArn, {
      limit: 100,
      ...(token === undefined ? {} : { after: token }),
    });
    for (const alias of page.items) {
      if (alias.routingConfiguration.some((r) => r.stateMachineVersionArn === versionArn)) found.push(alias.arn);
    }
    token = page.nextToken;
  } while (token !== undefined);
  return found;
}

/** A missing machine, for the tag operations: answered as a DELETING one is. */
const deleting = { status: 'DELETING' } as const;

export function tagHandlers(deps: ServiceDeps) {
  const { store, arns } = deps;

  /**
   * Tags belong to state machines, aliases and activities; other resources are InvalidArn. The tag operations
   * list no StateMachineDeleting, so a DELETING machine is answered as one that is gone.
   */
  async function taggable(arn: string): Promise<void> {
    const ref = arns.parse(arn);
    let exists: boolean;
    if (ref.kind === 'stateMachine') exists = ((await store.getStateMachine(arn)) ?? deleting).status !== 'DELETING';
    else if (ref.kind === 'alias') exists = (await store.getAlias(arn)) !== undefined;
    else if (ref.kind === 'activity') exists = (await store.getActivity(arn)) !== undefined;
    // A version takes no tags: AWS answers as for a resource it cannot find.
    else if (ref.kind === 'version') exists = false;
    else throw invalidArn(arn);
    if (!exists) throw resourceNotFound(`Resource not found: '${arn}'`, arn);
  }

  const tag: Handler = async (request) => {
    const arn = request.resourceArn as string;
    await taggable(arn);
    const tags = requestTags(request.tags, await store.listTags(arn));
    await store.tagResource(arn, tags);
    return {};
  };

  const untag: Handler = async (request) => {
    const arn = request.resourceArn as string;
    await taggable(arn);
    await store.untagResource(arn, request.tagKeys as string[]);
    return {};
  };

  const listTags: Handler = async (request) => {
    const arn = request.resourceArn as string;
    await taggable(arn);
    return { tags: await store.listTags(arn) };
  };

  return { TagResource: tag, UntagResource: untag, ListTagsForResource: listTags };
}
