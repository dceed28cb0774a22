// What loading one template means: the state machines, functions and activities it declares, with every
// intrinsic resolved, and per resource what could not be loaded and why. Reads files (definitions, code
// folders) but changes nothing: applying the plan is apply-plan.ts's.

import { Resolver, Unresolved, type TemplateScope } from './intrinsics.ts';
import { tagList, type ResourceContext, type TemplateSource } from './resource-context.ts';
import { lambdaFunctionPlan, type LoadedFunction } from './function-plan.ts';
import { stateMachinePlan, type LoadedStateMachine } from './state-machine-plan.ts';
import { samEventPlan } from './sam-events.ts';
import { eventsRulePlan, schedulePlan, type LoadedTrigger } from './trigger-plan.ts';

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
  /** EventBridge rules and Scheduler schedules, from their resources and from SAM Events. */
  triggers: LoadedTrigger[];
  problems: LoadProblem[];
  /** Resources of types Stepwise has no local counterpart for (roles, policies, tables...), by type. */
  ignored: Record<string, number>;
}

export interface PlanScope {
  region: string;
  accountId: string;
  parameters?: Readonly<Record<string, string>>;
}

const pipeReason =
  'EventBridge Pipes are not served by this version of Stepwise: the pipe is not loaded (start its target with a rule or the API)';
const functionEventReason =
  "Stepwise's rules and schedules start state machines only: the events of a function are not loaded";

export function emptyPlan(): LoadPlan {
  return { stateMachines: [], functions: [], activities: [], triggers: [], problems: [], ignored: {} };
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
      planEvents(context, plan);
      return;
    case 'AWS::Lambda::Function':
    case 'AWS::Serverless::Function':
      plan.functions.push(lambdaFunctionPlan(context));
      planEvents(context, plan);
      return;
    case 'AWS::Events::Rule':
      plan.triggers.push(eventsRulePlan(context));
      return;
    case 'AWS::Scheduler::Schedule':
      plan.triggers.push(schedulePlan(context));
      return;
    case 'AWS::Pipes::Pipe':
      throw new Unresolved(pipeReason);
    case 'AWS::StepFunctions::Activity':
      plan.activities.push({
        logicalId,
        name: resolver.string(properties.Name, `${logicalId}.Name`),
        tags: tagList(resolver.resolve(properties.Tags)),
      });
      return;
    default:
      plan.ignored[type] = (plan.ignored[type] ?? 0) + 1;
  }
}

/** SAM `Events` of a state machine become its rules and schedules; each one that cannot is reported by name. */
function planEvents(context: ResourceContext, plan: LoadPlan): void {
  const events = context.properties.Events;
  if (typeof events !== 'object' || events === null) return;
  const machine = context.type === 'AWS::Serverless::StateMachine';
  for (const [name, event] of Object.entries(events)) {
    try {
      if (!machine) throw new Unresolved(functionEventReason);
      plan.triggers.push(samEventPlan(context, name, event));
    } catch (error) {
      if (!(error instanceof Unresolved)) throw error;
      const logicalId = `${context.logicalId}.Events.${name}`;
      plan.problems.push({ stack: context.source.stack, logicalId, type: 'SAM event', reason: error.message });
    }
  }
}

/** SAM's Globals.Function: properties every AWS::Serverless::Function starts from. */
function samFunctionGlobals(template: Record<string, unknown>): Record<string, unknown> {
  const globals = template.Globals as { Function?: Record<string, unknown> } | undefined;
  return globals?.Function ?? {};
}
