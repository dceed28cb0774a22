// The LogStore: where the CloudWatch Logs that Stepwise serves are kept (log groups, streams, events). A
// separate interface from Store, so that a store implementation can add logs on its own schedule; the
// SQLite store implements both. Every method is one transaction; pages use opaque tokens.

import type { Page } from './records.ts';

export interface LogGroupRecord {
  name: string;
  creationTime: number;
  /** Events older than this many days are deleted (absent: kept forever). */
  retentionInDays?: number;
  storedBytes: number;
}

export interface LogStreamRecord {
  name: string;
  creationTime: number;
  firstEventTimestamp?: number;
  lastEventTimestamp?: number;
  lastIngestionTime?: number;
  storedBytes: number;
}

export interface LogEventRecord {
  streamName: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** Unique and increasing in insertion order (CloudWatch's eventId). */
  eventId: string;
  /** A `nextToken` that continues a query just after this event (in either direction). */
  position: string;
}

/** Events to append to one stream of one group (the stream is created when missing). */
export interface LogBatch {
  groupName: string;
  streamName: string;
  events: { timestamp: number; message: string }[];
}

export interface LogEventQuery {
  /** Only these streams (exact names) or streams starting with this prefix. */
  streamNames?: string[];
  streamPrefix?: string;
  /** Inclusive start, exclusive end, epoch milliseconds. */
  startTime?: number;
  endTime?: number;
  /** Newest first (GetLogEvents without startFromHead reads backwards). */
  descending?: boolean;
  limit: number;
  nextToken?: string;
}

export interface LogStreamQuery {
  prefix?: string;
  /** LastEventTime orders by the last event's time, else by name. */
  orderBy: 'LogStreamName' | 'LastEventTime';
  descending: boolean;
  limit: number;
  nextToken?: string;
}

export interface LogStore {
  /** False (nothing written) when a group of that name exists. */
  createLogGroup(group: { name: string; creationTime: number; retentionInDays?: number }): Promise<boolean>;
  getLogGroup(name: string): Promise<LogGroupRecord | undefined>;
  /** Ordered by name. */
  listLogGroups(query: { prefix?: string; limit: number; nextToken?: string }): Promise<Page<LogGroupRecord>>;
  /** Deletes the group with its streams and events. */
  deleteLogGroup(name: string): Promise<boolean>;
  /** Sets (or, with undefined, removes) a group's retention; false when there is no such group. */
  setRetention(name: string, days: number | undefined): Promise<boolean>;
  /** False when there is no such group; true also when the stream exists already (see `created`). */
  createLogStream(
    groupName: string,
    streamName: string,
    creationTime: number,
  ): Promise<'created' | 'exists' | 'no-group'>;
  listLogStreams(groupName: string, query: LogStreamQuery): Promise<Page<LogStreamRecord>>;
  /**
   * Appends events, each batch to its stream (created when missing); batches whose group does not exist
   * are skipped and their group names returned, as a delivery to a deleted group is dropped.
   */
  putLogEvents(batches: LogBatch[], ingestionTime: number): Promise<string[]>;
  /** Events of one group in time order (insertion order among equal times). */
  queryLogEvents(groupName: string, query: LogEventQuery): Promise<Page<LogEventRecord>>;
  /** Deletes the events every group's retention no longer keeps at `now`; returns how many. */
  enforceRetention(now: number): Promise<number>;
}
