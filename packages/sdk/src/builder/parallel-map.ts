// Parallel (branches) and Map (an item processor, inline or distributed), as the CDK names them.

import { statesJson } from './definition.ts';
import { dataFlowJson, renderTemplate, type DataFlowProps, type Template } from './fields.ts';
import { State, type AnyChainable, type Chainable, type Json } from './state.ts';

export class Parallel<I = unknown, O = unknown[]> extends State<I, O> {
  private readonly branches: AnyChainable[] = [];

  constructor(
    id: string,
    private readonly props: DataFlowProps = {},
  ) {
    super(id);
  }

  branch(...branches: Chainable<I>[]): this {
    this.branches.push(...branches);
    return this;
  }

  toStateJson(): Record<string, Json> {
    return {
      Type: 'Parallel',
      ...dataFlowJson(this.props),
      Branches: this.branches.map((branch) => statesJson(branch)),
      ...this.transitionJson(),
    };
  }
}

export interface MapProps extends Omit<DataFlowProps, 'parameters'> {
  itemsPath?: string;
  /** JSONata: the items (`{% ... %}`) or an array. */
  items?: Json;
  itemSelector?: Record<string, Template>;
  maxConcurrency?: number;
  maxConcurrencyPath?: string;
  toleratedFailurePercentage?: number;
  toleratedFailureCount?: number;
  /** Distributed Map: where the items come from (S3) and where results go. */
  itemReader?: Json;
  itemBatcher?: Json;
  resultWriter?: Json;
  label?: string;
}

export interface ProcessorConfig {
  mode?: 'INLINE' | 'DISTRIBUTED';
  executionType?: 'STANDARD' | 'EXPRESS';
}

const mapMembers: [keyof MapProps, string][] = [
  ['itemsPath', 'ItemsPath'],
  ['items', 'Items'],
  ['maxConcurrency', 'MaxConcurrency'],
  ['maxConcurrencyPath', 'MaxConcurrencyPath'],
  ['toleratedFailurePercentage', 'ToleratedFailurePercentage'],
  ['toleratedFailureCount', 'ToleratedFailureCount'],
  ['itemReader', 'ItemReader'],
  ['itemBatcher', 'ItemBatcher'],
  ['resultWriter', 'ResultWriter'],
  ['label', 'Label'],
];

export class Map<I = unknown, O = unknown[]> extends State<I, O> {
  private processor: { chain: AnyChainable; config: ProcessorConfig } | undefined;

  constructor(
    id: string,
    private readonly props: MapProps = {},
  ) {
    super(id);
  }

  /** What runs for each item; `{ mode: 'DISTRIBUTED', executionType }` makes a Distributed Map. */
  itemProcessor(chain: AnyChainable, config: ProcessorConfig = {}): this {
    this.processor = { chain, config };
    return this;
  }

  toStateJson(): Record<string, Json> {
    if (this.processor === undefined) throw new Error(`the Map ${this.id} has no itemProcessor`);
    const { itemSelector, ...rest } = this.props;
    const json: Record<string, Json> = { Type: 'Map', ...dataFlowJson(rest) };
    for (const [prop, member] of mapMembers) {
      const value = this.props[prop];
      if (value !== undefined) json[member] = value as Json;
    }
    if (itemSelector !== undefined) json.ItemSelector = renderTemplate(itemSelector);
    const { mode = 'INLINE', executionType } = this.processor.config;
    json.ItemProcessor = {
      ProcessorConfig: { Mode: mode, ...(executionType === undefined ? {} : { ExecutionType: executionType }) },
      ...statesJson(this.processor.chain),
    };
    return { ...json, ...this.transitionJson() };
  }
}
