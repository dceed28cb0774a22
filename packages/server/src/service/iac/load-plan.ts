// What loading one template means: the state machines, functions and activities it declares, with every
// intrinsic resolved, and per resource what could not be loaded and why. Reads files (definitions, code
// folders) but changes nothing: applying the plan is apply-plan.ts's.

import { Resolver, Unresolved, type TemplateScope } from './intrinsics.ts';
import { tagList, type ResourceContext, type TemplateSource } from './resource-context.ts';
import { lambdaFunctionPlan, type LoadedFunction } from './function-plan.ts';
import { stateMachinePlan, type LoadedStateMachine } from './state-machine-plan.ts';

export type { TemplateSource };

export interface LoadedActivity {
  logicalId: string;
  name: string;
  tags: { key: string; value: string }[];
}

/** A resource that was not loaded, and why. */
export interface LoadProblem {
  stack: string;
  logicalId: string;
  type: string;
  reason: string;
}

export interface LoadPlan {
  stateMachines: LoadedStateMachine[];
  functions: LoadedFunction[];
  activities: LoadedActivity[];
  problems: LoadProblem[];
  /** Resources of types Stepwise has no local counterpart for (roles, policies, tables...), by type. */
  ignored: Record<string, number>;
}

export interface PlanScope {
  region: string;
  accountId: string;
  parameters?: Readonly<Record<string, string>>;
}

const triggerTypes = new Set(['AWS::Events::Rule', 'AWS::Scheduler::Schedule', 'AWS::Pipes::Pipe']);
const triggerReason =
  'triggers (EventBridge rules, schedules, pipes, SAM Events) are not loaded yet: Stepwise has no trigger API on this version';

export function emptyPlan(): LoadPlan {
  return { stateMachines: [], functions: [], activities: [], problems: [], ignored: {} };
}

/** Adds one template's resources to `plan`. */
export function planTemplate(source: TemplateSource, scope: PlanScope, plan: LoadPlan): void {
  const templateScope: TemplateScope = { ...scope, partition: 'aws', stackName: source.stack };
  const resolver = new Resolver(source.template, templateScope, scope.parameters);
  const resources = source.template.Resources as Record<string, Record<string, unknown>>;
  const globals = samFunctionGlobals(source.template);
  for (const [logicalId, resource] of Object.entries(resources)) {
    const type = typeof resource.Type === 'string' ? resource.Type : '';
    const context: ResourceContext = {
      logicalId,
      type,
      properties: (resource.Properties ?? {}) as Record<string, unknown>,
      metadata: (resource.Metadata ?? {}) as Record<string, unknown>,
      resolver,
      source,
    };
    if (type === 'AWS::Serverless::Function') context.properties = { ...globals, ...context.properties };
    try {
      planResource(context, plan);
    } catch (error) {
      if (!(error instanceof Unresolved)) throw error;
      plan.problems.push({ stack: source.stack, logicalId, type, reason: error.message });
    }
  }
}

function planResource(context: ResourceContext, plan: LoadPlan): void {
  const { type, logicalId, properties, resolver } = context;
  switch (type) {
    case 'AWS::StepFunctions::StateMachine':
    case 'AWS::Serverless::StateMachine':
      plan.stateMachines.push(stateMachinePlan(context));
      reportEvents(context, plan);
      return;
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      plan.functions.push(lambdaFunctionPlan(context));
      reportEvents(context, plan);
      return;
    case 'AWS::StepFunctions::Activity':
      plan.activities.push({
        logicalId,
        name: resolver.string(properties.Name, `${logicalId}.Name`),
        tags: tagList(resolver.resolve(properties.Tags)),
      });
      return;
    default:
      if (triggerTypes.has(type)) throw new Unresolved(triggerReason);
      plan.ignored[type] = (plan.ignored[type] ?? 0) + 1;
  }
}

/** SAM `Events` on a function or state machine are triggers: reported, each by its name. */
function reportEvents(context: ResourceContext, plan: LoadPlan): void {
  const events = context.properties.Events;
  if (typeof events !== 'object' || events === null) return;
  for (const name of Object.keys(events)) {
    plan.problems.push({
      stack: context.source.stack,
      logicalId: `${context.logicalId}.Events.${name}`,
      type: 'SAM event',
      reason: triggerReason,
    });
  }
}

/** SAM's Globals.Function: properties every AWS::Serverless::Function starts from. */
function samFunctionGlobals(template: Record<string, unknown>): Record<string, unknown> {
  const globals = template.Globals as { Function?: Record<string, unknown> } | undefined;
  return globals?.Function ?? {};
}
