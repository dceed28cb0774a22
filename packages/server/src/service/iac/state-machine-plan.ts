// One AWS::StepFunctions::StateMachine or AWS::Serverless::StateMachine as CreateStateMachine's request:
// its definition from Definition, DefinitionString, DefinitionS3Location or DefinitionUri (local files or
// CDK assets), with DefinitionSubstitutions applied; name, type, role, logging, tracing and tags.

import { readFileSync } from 'node:fs';
import { parseTemplate } from './template-file.ts';
import { assetByKey, assetPath, localPath } from './asset-paths.ts';
import { Unresolved } from './intrinsics.ts';
import { tagList, type ResourceContext } from './resource-context.ts';

export interface LoadedStateMachine {
  logicalId: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: string;
  roleArn: string;
  loggingConfiguration?: unknown;
  tracingConfiguration?: unknown;
  tags: { key: string; value: string }[];
}

export function stateMachinePlan(context: ResourceContext): LoadedStateMachine {
  const { logicalId, properties, resolver } = context;
  const sam = context.type === 'AWS::Serverless::StateMachine';
  const type = resolver.resolve(sam ? properties.Type : properties.StateMachineType) ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS')
    throw new Unresolved(`the type ${JSON.stringify(type)} is neither STANDARD nor EXPRESS`);
  const logging = resolver.resolve(sam ? properties.Logging : properties.LoggingConfiguration);
  const tracing = resolver.resolve(sam ? properties.Tracing : properties.TracingConfiguration);
  return {
    logicalId,
    name: resolver.namesOf(logicalId).attributes.Name ?? logicalId,
    type,
    definition: substitute(definitionText(context), resolver.resolve(properties.DefinitionSubstitutions)),
    roleArn: roleArn(context),
    ...(logging === undefined ? {} : { loggingConfiguration: lowerFirst(logging) }),
    ...(tracing === undefined ? {} : { tracingConfiguration: lowerFirst(tracing) }),
    tags: tagList(resolver.resolve(properties.Tags)),
  };
}

function definitionText(context: ResourceContext): string {
  const { properties, resolver } = context;
  if (properties.Definition !== undefined) return JSON.stringify(resolver.resolve(properties.Definition));
  if (properties.DefinitionString !== undefined)
    return resolver.string(properties.DefinitionString, 'DefinitionString');
  const property = context.type === 'AWS::Serverless::StateMachine' ? 'DefinitionUri' : 'DefinitionS3Location';
  const location = properties[property];
  if (location === undefined)
    throw new Unresolved('the state machine has no Definition, DefinitionString or ' + property);
  const key = (location as { Key?: unknown }).Key;
  const file = assetPath(context, property) ?? assetByKey(context, key) ?? localPath(context, location, property);
  const text = readFileSync(file, 'utf8');
  // A definition file may be YAML (SAM allows it); ASL in JSON is kept as written.
  if (text.trimStart().startsWith('{')) return text;
  return JSON.stringify(parseTemplate(`Resources: {}\nDefinition:\n${indent(text)}`, file).Definition);
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}

/** `${name}` in the definition becomes the substitution's value, as CloudFormation does before creating it. */
function substitute(definition: string, substitutions: unknown): string {
  if (typeof substitutions !== 'object' || substitutions === null) return definition;
  const values = substitutions as Record<string, unknown>;
  return definition.replace(/\$\{([^}]+)\}/g, (match, name: string) => {
    const value = values[name];
    if (value === undefined) return match;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Unresolved(`DefinitionSubstitutions.${name} must be a string, number or boolean`);
    }
    return String(value);
  });
}

function roleArn(context: ResourceContext): string {
  const { properties, resolver, logicalId } = context;
  const role = resolver.resolve(properties.RoleArn ?? properties.Role);
  if (typeof role === 'string' && role.startsWith('arn:')) return role;
  // SAM builds a role from Policies; Stepwise runs tasks with its own credentials, so any role will do.
  const { partition, accountId } = resolver.scope;
  return `arn:${partition}:iam::${accountId}:role/${logicalId}Role`;
}

/** CloudFormation spells the members of these configurations with a capital (Level, Destinations...). */
function lowerFirst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerFirst);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key.charAt(0).toLowerCase() + key.slice(1), lowerFirst(item)]),
  );
}
