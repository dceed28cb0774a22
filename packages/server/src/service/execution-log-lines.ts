// The JSON-lines copy of execution logs for a log collector (Fluent Bit, Vector, Promtail): every record
// written to a log group is also one line `{"logGroup","logStream","timestamp","message"}`, the message
// being AWS's record itself, on standard output or appended to a file. Best effort, like the log groups:
// a stream that cannot keep up loses lines (counted and reported) rather than the server's memory.

import type { LogBatch } from '../store/log-store.ts';

/** What of a writable stream the copy uses (a file stream, standard output). */
export interface LineSink {
  write(text: string): boolean;
  /** Bytes waiting to be written, when the stream tells. */
  readonly writableLength?: number;
  readonly destroyed?: boolean;
}

export interface ExecutionLogLinesOptions {
  stream: LineSink;
  /** Lines waiting in the stream past which new ones are dropped (default 64 MiB). */
  highWaterBytes?: number;
  /** Told once each time lines start being dropped. */
  onDropped?: (count: number) => void;
}

export class ExecutionLogLines {
  private dropping = false;
  private dropped = 0;

  constructor(private readonly options: ExecutionLogLinesOptions) {}

  /** ExecutionLogs' copy: the batches just written to the log groups. */
  readonly write = (batches: readonly LogBatch[]): void => {
    const { stream, highWaterBytes = 64 * 1024 * 1024 } = this.options;
    let text = '';
    let lines = 0;
    for (const { groupName, streamName, events } of batches) {
      const prefix = `{"logGroup":${JSON.stringify(groupName)},"logStream":${JSON.stringify(streamName)},"timestamp":`;
      // The message is already AWS's JSON record: it is spliced in, not parsed and written again.
      for (const event of events) text += `${prefix}${event.timestamp},"message":${event.message}}\n`;
      lines += events.length;
    }
    if (text === '' || stream.destroyed === true) return;
    if ((stream.writableLength ?? 0) > highWaterBytes) {
      this.dropped += lines;
      if (!this.dropping) this.options.onDropped?.(this.dropped);
      this.dropping = true;
      return;
    }
    this.dropping = false;
    stream.write(text);
  };

  /** Lines dropped so far because the stream could not keep up. */
  get droppedLines(): number {
    return this.dropped;
  }
}
