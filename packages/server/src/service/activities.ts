// Activities: CreateActivity (idempotent by name), DescribeActivity, ListActivities, DeleteActivity, and
// GetActivityTask, the workers' long poll (the runtime hands out the task and records ActivityStarted).

import type { Handler } from './api.ts';
import type { ServiceDeps } from './context.ts';
import { checkName, pageSize, requestTags } from './context.ts';
import { paged } from './page-tokens.ts';
import { activityDoesNotExist, invalidArn } from './errors.ts';

export function activityHandlers(deps: ServiceDeps) {
  const { store, arns, runtime } = deps;

  /** An activity ARN of this region and account; any other ARN is AWS's InvalidArn. */
  function activityArn(arn: string): string {
    const ref = arns.parse(arn);
    if (ref.kind !== 'activity') throw invalidArn(arn, `Resource type not valid in this context: ${ref.kind}`);
    return arn;
  }

  const create: Handler = async (request) => {
    const name = request.name as string;
    checkName(name);
    const arn = arns.activity(name);
    const activity = { arn, name, creationDate: deps.now() };
    if (request.encryptionConfiguration !== undefined) {
      Object.assign(activity, { encryptionConfiguration: request.encryptionConfiguration });
    }
    // Idempotent: creating an activity that exists returns it as it is (its tags unchanged).
    await store.createActivity(activity, requestTags(request.tags));
    const stored = (await store.getActivity(arn)) ?? activity;
    return { activityArn: stored.arn, creationDate: new Date(stored.creationDate) };
  };

  const describe: Handler = async (request) => {
    const arn = activityArn(request.activityArn as string);
    const activity = await store.getActivity(arn);
    if (activity === undefined) throw activityDoesNotExist(arn);
    return {
      activityArn: activity.arn,
      name: activity.name,
      creationDate: new Date(activity.creationDate),
      encryptionConfiguration: activity.encryptionConfiguration ?? { type: 'AWS_OWNED_KEY' },
    };
  };

  const list: Handler = async (request) => {
    const page = await paged(['ListActivities'], request.nextToken, (after) =>
      store.listActivities({ limit: pageSize(request.maxResults), ...after }, arns.accountPrefix),
    );
    return {
      activities: page.items.map((a) => ({ activityArn: a.arn, name: a.name, creationDate: new Date(a.creationDate) })),
      ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }),
    };
  };

  const remove: Handler = async (request) => {
    // Deleting an activity that does not exist succeeds, as on AWS; its waiting tasks stay until they time out.
    await store.deleteActivity(activityArn(request.activityArn as string));
    return {};
  };

  const getTask: Handler = async (request, ctx) => {
    const arn = activityArn(request.activityArn as string);
    if ((await store.getActivity(arn)) === undefined) throw activityDoesNotExist(arn);
    const workerName = typeof request.workerName === 'string' ? request.workerName : undefined;
    const task = await runtime.getActivityTask(arn, workerName, ctx.signal);
    // No task within the poll time: AWS answers with no token.
    return task === undefined ? {} : { taskToken: task.taskToken, input: task.input };
  };

  return {
    CreateActivity: create,
    DescribeActivity: describe,
    ListActivities: list,
    DeleteActivity: remove,
    GetActivityTask: getTask,
  };
}
