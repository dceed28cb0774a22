// Step Functions ARNs in AWS's form: built from names for one region and account, parsed back with AWS's InvalidArn.

import { invalidArn } from './errors.ts';

export interface ArnScope {
  region: string;
  accountId: string;
  /** `aws` unless configured (aws-cn, aws-us-gov). */
  partition?: string;
}

/** What a `stateMachine:` ARN names: the machine itself, one of its versions, or one of its aliases. */
export type StateMachineRef =
  | { kind: 'stateMachine'; name: string }
  | { kind: 'version'; name: string; version: number }
  | { kind: 'alias'; name: string; alias: string };

export interface ExecutionRef {
  /** `express` for Express executions (`arn:...:express:SM:NAME:ID`), which have no history. */
  kind: 'execution' | 'express';
  stateMachineName: string;
  name: string;
  /** The trailing id of an Express execution ARN. */
  expressId?: string;
}

export type ResourceRef = StateMachineRef | ExecutionRef | { kind: 'activity'; name: string };

const arnPattern = /^arn:(aws[a-z-]*):states:([a-z0-9-]+):(\d{12}):([A-Za-z]+):(.+)$/;
const versionPattern = /^[1-9]\d{0,9}$/;

export class Arns {
  constructor(readonly scope: ArnScope) {}

  private prefix(): string {
    return `arn:${this.scope.partition ?? 'aws'}:states:${this.scope.region}:${this.scope.accountId}`;
  }

  /** What every Step Functions ARN of this region and account starts with (lists are filtered by it). */
  get accountPrefix(): string {
    return `${this.prefix()}:`;
  }

  stateMachine(name: string): string {
    return `${this.prefix()}:stateMachine:${name}`;
  }

  version(name: string, version: number): string {
    return `${this.stateMachine(name)}:${String(version)}`;
  }

  alias(name: string, alias: string): string {
    return `${this.stateMachine(name)}:${alias}`;
  }

  execution(stateMachineName: string, name: string): string {
    return `${this.prefix()}:execution:${stateMachineName}:${name}`;
  }

  expressExecution(stateMachineName: string, name: string, id: string): string {
    return `${this.prefix()}:express:${stateMachineName}:${name}:${id}`;
  }

  activity(name: string): string {
    return `${this.prefix()}:activity:${name}`;
  }

  /** Parses any Step Functions ARN of this region and account; anything else is AWS's InvalidArn. */
  parse(arn: string): ResourceRef {
    const match = arnPattern.exec(arn);
    if (match === null) throw invalidArn(arn, `Invalid ARN prefix: ${arn}`);
    const [, , , , type = '', rest = ''] = match;
    const parts = rest.split(':');
    if (parts.some((part) => part === '')) throw invalidArn(arn);
    switch (type) {
      case 'stateMachine':
        return parseStateMachine(arn, parts);
      case 'execution':
      case 'express':
        return parseExecution(arn, type, parts);
      case 'activity':
        if (parts.length !== 1) throw invalidArn(arn);
        return { kind: 'activity', name: parts[0] ?? '' };
      default:
        throw invalidArn(arn, `Resource type not valid in this context: ${type}`);
    }
  }

  /** True when the ARN belongs to this server's partition, region and account. */
  isLocal(arn: string): boolean {
    return arn.startsWith(this.accountPrefix);
  }

  /** A state machine, version or alias ARN; an execution or activity ARN is InvalidArn. */
  parseStateMachine(arn: string): StateMachineRef {
    const ref = this.parse(arn);
    if (ref.kind === 'stateMachine' || ref.kind === 'version' || ref.kind === 'alias') return ref;
    throw invalidArn(arn, `Resource type not valid in this context: ${ref.kind}`);
  }

  /** Only the unqualified `stateMachine:NAME` form (CreateStateMachineAlias, PublishStateMachineVersion, ...). */
  parseUnqualifiedStateMachine(arn: string): string {
    const ref = this.parseStateMachine(arn);
    if (ref.kind !== 'stateMachine') throw invalidArn(arn);
    return ref.name;
  }

  /** A Distributed Map's run, `…:mapRun:MACHINE/LABEL:UUID`; anything else is InvalidArn. */
  parseMapRun(arn: string): void {
    const match = arnPattern.exec(arn);
    if (match === null) throw invalidArn(arn, `Invalid ARN prefix: ${arn}`);
    const [, , , , type = '', rest = ''] = match;
    if (type !== 'mapRun') throw invalidArn(arn, `Resource type not valid in this context: ${type}`);
    const parts = rest.split(':');
    if (parts.length !== 2 || parts.some((part) => part === '')) throw invalidArn(arn);
  }

  parseExecution(arn: string): ExecutionRef {
    const ref = this.parse(arn);
    if (ref.kind !== 'execution' && ref.kind !== 'express') {
      throw invalidArn(arn, `Resource type not valid in this context: ${ref.kind}`);
    }
    return ref;
  }
}

function parseStateMachine(arn: string, parts: string[]): StateMachineRef {
  const [name = '', qualifier] = parts;
  if (parts.length > 2) throw invalidArn(arn);
  if (qualifier === undefined) return { kind: 'stateMachine', name };
  if (versionPattern.test(qualifier)) return { kind: 'version', name, version: Number(qualifier) };
  if (/^\d+$/.test(qualifier)) throw invalidArn(arn);
  return { kind: 'alias', name, alias: qualifier };
}

function parseExecution(arn: string, type: 'execution' | 'express', parts: string[]): ExecutionRef {
  if (type === 'execution') {
    if (parts.length !== 2) throw invalidArn(arn);
    return { kind: 'execution', stateMachineName: parts[0] ?? '', name: parts[1] ?? '' };
  }
  if (parts.length !== 3) throw invalidArn(arn);
  return { kind: 'express', stateMachineName: parts[0] ?? '', name: parts[1] ?? '', expressId: parts[2] ?? '' };
}

/** The 12-digit account of an ARN, or undefined when it has none. */
export function accountOfArn(arn: string): string | undefined {
  return /^arn:[^:]*:[^:]*:[^:]*:(\d{12}):/.exec(arn)?.[1];
}
