// Choice and its Conditions, as the CDK names them: `new Choice(scope-less id).when(Condition.x(...), next)
// .otherwise(next)`; JSONata conditions with `Condition.jsonata('{% ... %}')`.

import { dataFlowJson, type DataFlowProps } from './fields.ts';
import { State, type AnyState, type Chainable, type Json } from './state.ts';

/** One Choice rule (without its Next): a JSONPath comparison, a combination, or a JSONata condition. */
export class Condition {
  private constructor(readonly json: Record<string, Json>) {}

  private static compare(operator: string, variable: string, value: Json): Condition {
    return new Condition({ Variable: variable, [operator]: value });
  }

  static booleanEquals = (variable: string, value: boolean): Condition =>
    Condition.compare('BooleanEquals', variable, value);
  static stringEquals = (variable: string, value: string): Condition =>
    Condition.compare('StringEquals', variable, value);
  static stringMatches = (variable: string, pattern: string): Condition =>
    Condition.compare('StringMatches', variable, pattern);
  static numberEquals = (variable: string, value: number): Condition =>
    Condition.compare('NumberEquals', variable, value);
  static numberGreaterThan = (variable: string, value: number): Condition =>
    Condition.compare('NumberGreaterThan', variable, value);
  static numberGreaterThanEquals = (variable: string, value: number): Condition =>
    Condition.compare('NumberGreaterThanEquals', variable, value);
  static numberLessThan = (variable: string, value: number): Condition =>
    Condition.compare('NumberLessThan', variable, value);
  static numberLessThanEquals = (variable: string, value: number): Condition =>
    Condition.compare('NumberLessThanEquals', variable, value);
  static isPresent = (variable: string): Condition => Condition.compare('IsPresent', variable, true);
  static isNotPresent = (variable: string): Condition => Condition.compare('IsPresent', variable, false);
  static isNull = (variable: string): Condition => Condition.compare('IsNull', variable, true);
  static isString = (variable: string): Condition => Condition.compare('IsString', variable, true);
  static isNumeric = (variable: string): Condition => Condition.compare('IsNumeric', variable, true);
  static isBoolean = (variable: string): Condition => Condition.compare('IsBoolean', variable, true);
  static and = (...conditions: Condition[]): Condition => new Condition({ And: conditions.map((each) => each.json) });
  static or = (...conditions: Condition[]): Condition => new Condition({ Or: conditions.map((each) => each.json) });
  static not = (condition: Condition): Condition => new Condition({ Not: condition.json });
  /** A JSONata condition (`{% $states.input.ok %}`), for a Choice whose query language is JSONata. */
  static jsonata = (expression: string): Condition => new Condition({ Condition: expression });
}

export class Choice<I = unknown> extends State<I, I> {
  private readonly rules: { condition: Condition; next: AnyState }[] = [];
  private defaultState: AnyState | undefined;

  constructor(
    id: string,
    private readonly props: Pick<
      DataFlowProps,
      'comment' | 'queryLanguage' | 'inputPath' | 'outputPath' | 'assign' | 'output'
    > = {},
  ) {
    super(id);
  }

  protected override get terminal(): boolean {
    return true;
  }

  when(condition: Condition, next: Chainable<I>): this {
    this.rules.push({ condition, next: next.startState });
    return this;
  }

  otherwise(next: Chainable<I>): this {
    this.defaultState = next.startState;
    return this;
  }

  override successors(): AnyState[] {
    return [...this.rules.map((rule) => rule.next), ...(this.defaultState === undefined ? [] : [this.defaultState])];
  }

  toStateJson(): Record<string, Json> {
    return {
      Type: 'Choice',
      ...dataFlowJson(this.props),
      Choices: this.rules.map((rule) => ({ ...rule.condition.json, Next: rule.next.id })),
      ...(this.defaultState === undefined ? {} : { Default: this.defaultState.id }),
    };
  }
}
