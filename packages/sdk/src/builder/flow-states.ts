// Pass, Wait, Succeed and Fail, as the CDK's classes of those names build them.

import { dataFlowJson, type DataFlowProps } from './fields.ts';
import { State, type Json } from './state.ts';

export interface PassProps extends DataFlowProps {
  result?: Json;
}

export class Pass<I = unknown, O = I> extends State<I, O> {
  constructor(
    id: string,
    private readonly props: PassProps = {},
  ) {
    super(id);
  }

  toStateJson(): Record<string, Json> {
    const { result, ...rest } = this.props;
    return {
      Type: 'Pass',
      ...dataFlowJson(rest),
      ...(result === undefined ? {} : { Result: result }),
      ...this.transitionJson(),
    };
  }
}

/** How long a Wait waits: `WaitTime.duration(seconds)`, `WaitTime.timestamp(iso)` or their `...Path` forms. */
export const WaitTime = {
  duration: (seconds: number | string): Record<string, Json> => ({ Seconds: seconds }),
  secondsPath: (path: string): Record<string, Json> => ({ SecondsPath: path }),
  timestamp: (timestamp: string): Record<string, Json> => ({ Timestamp: timestamp }),
  timestampPath: (path: string): Record<string, Json> => ({ TimestampPath: path }),
};

export class Wait<I = unknown> extends State<I, I> {
  constructor(
    id: string,
    private readonly props: DataFlowProps & { time: Record<string, Json> },
  ) {
    super(id);
  }

  toStateJson(): Record<string, Json> {
    const { time, ...rest } = this.props;
    return { Type: 'Wait', ...time, ...dataFlowJson(rest), ...this.transitionJson() };
  }
}

export class Succeed<I = unknown> extends State<I, I> {
  constructor(
    id: string,
    private readonly props: DataFlowProps = {},
  ) {
    super(id);
  }

  protected override get terminal(): boolean {
    return true;
  }

  toStateJson(): Record<string, Json> {
    return { Type: 'Succeed', ...dataFlowJson(this.props) };
  }
}

export interface FailProps {
  comment?: string;
  error?: string;
  cause?: string;
  errorPath?: string;
  causePath?: string;
}

export class Fail extends State<unknown, never> {
  constructor(
    id: string,
    private readonly props: FailProps = {},
  ) {
    super(id);
  }

  protected override get terminal(): boolean {
    return true;
  }

  toStateJson(): Record<string, Json> {
    const { comment, error, cause, errorPath, causePath } = this.props;
    const json: Record<string, Json> = { Type: 'Fail' };
    if (comment !== undefined) json.Comment = comment;
    if (error !== undefined) json.Error = error;
    if (cause !== undefined) json.Cause = cause;
    if (errorPath !== undefined) json.ErrorPath = errorPath;
    if (causePath !== undefined) json.CausePath = causePath;
    return json;
  }
}
