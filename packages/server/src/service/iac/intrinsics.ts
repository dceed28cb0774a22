// Evaluates CloudFormation's intrinsic functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select, Fn::Split,
// Fn::If with the template's Conditions, Fn::FindInMap, ...) and pseudo parameters in one template, as
// CloudFormation would at deploy time with the names of physical-names.ts.

import { defaultName, nameProperty, resourceNames, type ResourceNames, type Scope } from './physical-names.ts';

/** A value the loader cannot work out, with the reason; the resource that needs it is reported, not loaded. */
export class Unresolved extends Error {
  override name = 'Unresolved';
}

export interface TemplateScope extends Scope {
  stackName: string;
}

type Json = unknown;
type Intrinsic = (argument: Json, resolver: Resolver) => Json;

/** `AWS::NoValue` removes the property it stands in. */
const noValue = Symbol('AWS::NoValue');

export class Resolver {
  private readonly resources: Record<string, { Type?: string; Properties?: Record<string, Json> }>;
  private readonly parameters: Record<string, { Default?: Json }>;
  private readonly names = new Map<string, ResourceNames>();
  private readonly resolving = new Set<string>();

  constructor(
    readonly template: Record<string, Json>,
    readonly scope: TemplateScope,
    private readonly parameterValues: Readonly<Record<string, string>> = {},
  ) {
    this.resources = (template.Resources ?? {}) as typeof this.resources;
    this.parameters = (template.Parameters ?? {}) as typeof this.parameters;
  }

  /** The value with every intrinsic function evaluated. */
  resolve(value: Json): Json {
    const resolved = this.evaluate(value);
    return resolved === noValue ? undefined : resolved;
  }

  /** The string a value resolves to; anything else is Unresolved, naming `what`. */
  string(value: Json, what: string): string {
    const resolved = this.resolve(value);
    if (typeof resolved !== 'string') throw new Unresolved(`${what} must resolve to a string`);
    return resolved;
  }

  /** The names of a resource, from its name property when it has one (resolved too), else its logical ID. */
  namesOf(logicalId: string): ResourceNames {
    const known = this.names.get(logicalId);
    if (known !== undefined) return known;
    const resource = this.resources[logicalId];
    if (resource === undefined) throw new Unresolved(`there is no resource or parameter '${logicalId}'`);
    if (this.resolving.has(logicalId)) throw new Unresolved(`the name of '${logicalId}' depends on itself`);
    this.resolving.add(logicalId);
    try {
      const type = resource.Type ?? '';
      const property = nameProperty(type);
      const given = property === undefined ? undefined : resource.Properties?.[property];
      const name = given === undefined ? defaultName(type, logicalId) : this.string(given, `${logicalId}.${property}`);
      const names = resourceNames(type, name, this.scope);
      this.names.set(logicalId, names);
      return names;
    } finally {
      this.resolving.delete(logicalId);
    }
  }

  /** A condition of the template's Conditions section, evaluated. */
  condition(name: string): boolean {
    const conditions = (this.template.Conditions ?? {}) as Record<string, Json>;
    if (!(name in conditions)) throw new Unresolved(`there is no condition '${name}'`);
    const value = this.resolve(conditions[name]);
    if (typeof value !== 'boolean') throw new Unresolved(`the condition '${name}' is not a boolean`);
    return value;
  }

  ref(name: string): Json {
    const pseudo = this.pseudo(name);
    if (pseudo !== undefined) return pseudo;
    if (name in this.parameters) return this.parameter(name);
    return this.namesOf(name).ref;
  }

  getAtt(logicalId: string, attribute: string): string {
    const value = this.namesOf(logicalId).attributes[attribute];
    if (value === undefined) {
      const type = this.resources[logicalId]?.Type ?? 'unknown';
      throw new Unresolved(`Fn::GetAtt ${logicalId}.${attribute}: Stepwise does not know that attribute of ${type}`);
    }
    return value;
  }

  private parameter(name: string): Json {
    const given = this.parameterValues[name];
    if (given !== undefined) return given;
    const fallback = this.parameters[name]?.Default;
    if (fallback === undefined) throw new Unresolved(`the parameter '${name}' has no value and no Default`);
    return fallback;
  }

  private pseudo(name: string): Json {
    const { region, accountId, partition, stackName } = this.scope;
    switch (name) {
      case 'AWS::Region':
        return region;
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return stackName;
      case 'AWS::StackId':
        return `arn:${partition}:cloudformation:${region}:${accountId}:stack/${stackName}/local`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return noValue;
      default:
        return undefined;
    }
  }

  private evaluate(value: Json): Json {
    if (Array.isArray(value)) return value.map((item) => this.evaluate(item)).filter((item) => item !== noValue);
    if (typeof value !== 'object' || value === null) return value;
    const entries = Object.entries(value as Record<string, Json>);
    const [first] = entries;
    if (entries.length === 1 && first !== undefined) {
      const fn = intrinsics[first[0]];
      if (fn !== undefined) return fn(first[1], this);
    }
    const result: Record<string, Json> = {};
    for (const [key, item] of entries) {
      const resolved = this.evaluate(item);
      if (resolved !== noValue) result[key] = resolved;
    }
    return result;
  }
}

function list(argument: Json, name: string, length?: number): Json[] {
  if (!Array.isArray(argument) || (length !== undefined && argument.length !== length)) {
    throw new Unresolved(`${name} takes a list${length === undefined ? '' : ` of ${String(length)}`}`);
  }
  return argument;
}

/** `${Name}`, `${Resource.Attribute}` and `${!Literal}` in a Fn::Sub string. */
function substitute(argument: Json, resolver: Resolver): string {
  const [text, variables = {}]: Json[] = Array.isArray(argument) ? (argument as Json[]) : [argument];
  if (typeof text !== 'string') throw new Unresolved('Fn::Sub takes a string, or a string and a map of variables');
  const values = resolver.resolve(variables) as Record<string, Json>;
  return text.replace(/\$\{([^}]*)\}/g, (match, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const trimmed = name.trim();
    let value: Json;
    if (trimmed in values) value = values[trimmed];
    else if (trimmed.includes('.') && !trimmed.startsWith('AWS::')) {
      const dot = trimmed.indexOf('.');
      value = resolver.getAtt(trimmed.slice(0, dot), trimmed.slice(dot + 1));
    } else value = resolver.ref(trimmed);
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new Unresolved(`Fn::Sub ${match} is not a string`);
    return String(value);
  });
}

const intrinsics: Readonly<Record<string, Intrinsic>> = {
  Ref: (argument, resolver) => {
    if (typeof argument !== 'string') throw new Unresolved('Ref takes a logical ID');
    return resolver.ref(argument);
  },
  'Fn::GetAtt': (argument, resolver) => {
    const parts =
      typeof argument === 'string' ? argument.split(/\.(.*)/s, 2) : list(resolver.resolve(argument), 'Fn::GetAtt');
    const [logicalId, attribute] = parts;
    if (typeof logicalId !== 'string' || typeof attribute !== 'string') {
      throw new Unresolved('Fn::GetAtt takes a logical ID and an attribute name');
    }
    return resolver.getAtt(logicalId, attribute);
  },
  'Fn::Sub': substitute,
  'Fn::Join': (argument, resolver) => {
    const [delimiter, items] = list(argument, 'Fn::Join', 2);
    const values = list(resolver.resolve(items), 'Fn::Join');
    return values
      .map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : JSON.stringify(item)))
      .join(String(delimiter));
  },
  'Fn::Select': (argument, resolver) => {
    const [index, items] = list(resolver.resolve(argument), 'Fn::Select', 2);
    const values = list(items, 'Fn::Select');
    const at = Number(index);
    if (!Number.isInteger(at) || at < 0 || at >= values.length)
      throw new Unresolved(`Fn::Select index ${String(index)} is out of range`);
    return values[at];
  },
  'Fn::Split': (argument, resolver) => {
    const [delimiter, text] = list(resolver.resolve(argument), 'Fn::Split', 2);
    if (typeof delimiter !== 'string' || typeof text !== 'string') throw new Unresolved('Fn::Split takes two strings');
    return text.split(delimiter);
  },
  'Fn::If': (argument, resolver) => {
    const [name, whenTrue, whenFalse] = list(argument, 'Fn::If', 3);
    return resolver.resolve(resolver.condition(String(name)) ? whenTrue : whenFalse) ?? noValue;
  },
  'Fn::Equals': (argument, resolver) => {
    const [a, b] = list(resolver.resolve(argument), 'Fn::Equals', 2);
    return JSON.stringify(a) === JSON.stringify(b);
  },
  'Fn::Not': (argument, resolver) => !list(resolver.resolve(argument), 'Fn::Not', 1)[0],
  'Fn::And': (argument, resolver) => list(resolver.resolve(argument), 'Fn::And').every(Boolean),
  'Fn::Or': (argument, resolver) => list(resolver.resolve(argument), 'Fn::Or').some(Boolean),
  Condition: (argument, resolver) => resolver.condition(String(argument)),
  'Fn::FindInMap': (argument, resolver) => {
    const [map, first, second] = list(resolver.resolve(argument), 'Fn::FindInMap', 3).map(String);
    const mappings = (resolver.template.Mappings ?? {}) as Record<string, Record<string, Record<string, Json>>>;
    const value = mappings[map ?? '']?.[first ?? '']?.[second ?? ''];
    if (value === undefined)
      throw new Unresolved(`Fn::FindInMap: no ${String(map)}.${String(first)}.${String(second)}`);
    return value;
  },
  'Fn::GetAZs': (_argument, resolver) => ['a', 'b', 'c'].map((zone) => resolver.scope.region + zone),
  'Fn::Base64': (argument, resolver) => Buffer.from(resolver.string(argument, 'Fn::Base64'), 'utf8').toString('base64'),
  'Fn::ToJsonString': (argument, resolver) => JSON.stringify(resolver.resolve(argument)),
  'Fn::Length': (argument, resolver) => list(resolver.resolve(argument), 'Fn::Length').length,
  'Fn::ImportValue': () => {
    throw new Unresolved("Fn::ImportValue reads another stack's exports, which a local load does not have");
  },
};
