// A Distributed Map's ResultWriter files written from its children's records in the store, page by page:
// SUCCEEDED_0 and FAILED_0 (JSON array or JSON Lines, as WriterConfig says) and manifest.json. A file that
// outgrows one part goes up as an S3 multipart upload, a part at a time, so the server holds at most one
// part per file and one page of children, whatever the number of children.

import type { JsonObject, JsonValue } from '@stepwise/core';
import type { MapRunItemRecord } from '../../../store/map-run-store.ts';
import type { MapRunItems } from '../executor.ts';

export type S3Send = (name: string, request: Record<string, unknown>) => Promise<unknown>;

/** The engine's request (core's `storedResultsRequest`): where and how to write the run's results. */
export interface StoredResultsRequest {
  bucket: string;
  /** `PREFIX/RUN-ID`: the files' common key prefix. */
  base: string;
  mapRunArn: string;
  stateMachineArn: string;
  transformation: string;
  outputType: 'JSON' | 'JSONL';
}

/** Children read per store query. */
const pageSize = 500;
/** Bytes per uploaded part: S3 takes parts of at least 5 MiB (but the last) and at most 10,000 parts. */
export const defaultPartBytes = 8 * 1024 * 1024;

type FileStatus = 'SUCCEEDED' | 'FAILED' | 'PENDING';

/** Writes the files and the manifest; aborts the multipart uploads begun when anything fails. */
export async function writeStoredResults(
  send: S3Send,
  request: StoredResultsRequest,
  items: MapRunItems,
  partBytes = defaultPartBytes,
): Promise<void> {
  const extension = request.outputType === 'JSONL' ? 'jsonl' : 'json';
  const file = (status: FileStatus) =>
    new ResultFile(send, request.bucket, `${request.base}/${status}_0.${extension}`, request.outputType, partBytes);
  const files: Record<FileStatus, ResultFile> = {
    SUCCEEDED: file('SUCCEEDED'),
    FAILED: file('FAILED'),
    PENDING: file('PENDING'),
  };
  try {
    for (let after = -1; ;) {
      const page = await items(request.mapRunArn, after, pageSize);
      for (const item of page) {
        const status = fileOf(item);
        for (const entry of entriesOf(item, status, request)) await files[status].add(entry);
      }
      const last = page.at(-1);
      if (last === undefined || page.length < pageSize) break;
      after = last.index;
    }
    const listed: Record<FileStatus, JsonValue[]> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
    for (const status of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
      const written = await files[status].finish();
      if (written !== undefined) listed[status].push(written);
    }
    const manifest = { DestinationBucket: request.bucket, MapRunArn: request.mapRunArn, ResultFiles: listed };
    await send('putObject', {
      Bucket: request.bucket,
      Key: `${request.base}/manifest.json`,
      Body: JSON.stringify(manifest),
      ContentType: 'application/json',
    });
  } catch (error) {
    await Promise.all(Object.values(files).map((each) => each.abort()));
    throw error;
  }
}

function fileOf(item: MapRunItemRecord): FileStatus {
  if (item.status === 'SUCCEEDED') return 'SUCCEEDED';
  return item.status === 'PENDING' || item.status === 'RUNNING' ? 'PENDING' : 'FAILED';
}

/**
 * A child's entries (JSON texts): with Transformation NONE, and for every child that did not succeed, its
 * execution's details; otherwise its output alone (FLATTEN spreads an array into one entry per element).
 */
function entriesOf(item: MapRunItemRecord, status: FileStatus, request: StoredResultsRequest): string[] {
  if (status === 'SUCCEEDED' && request.transformation !== 'NONE') {
    const output = item.output ?? 'null';
    if (request.transformation !== 'FLATTEN' || !output.startsWith('[')) return [output];
    return (JSON.parse(output) as JsonValue[]).map((value) => JSON.stringify(value));
  }
  const executionArn = item.executionArn ?? '';
  const entry: JsonObject = {
    ExecutionArn: executionArn,
    Input: item.input,
    InputDetails: { Included: true },
    Name: executionArn.slice(executionArn.lastIndexOf(':') + 1),
    StateMachineArn: request.stateMachineArn,
    Status: item.status,
  };
  if (status === 'SUCCEEDED') {
    entry.Output = item.output ?? 'null';
    entry.OutputDetails = { Included: true };
  } else if (status === 'FAILED') {
    if (item.error !== undefined && item.error !== '') entry.Error = item.error;
    entry.Cause = item.cause ?? '';
  }
  return [JSON.stringify(entry)];
}

/** One result file, uploaded whole when it stays under a part, else in parts as it grows. */
class ResultFile {
  private chunks: string[] = [];
  private buffered = 0;
  private size = 0;
  private entries = 0;
  private uploadId: string | undefined;
  private readonly parts: { ETag: string; PartNumber: number }[] = [];

  constructor(
    private readonly send: S3Send,
    private readonly bucket: string,
    private readonly key: string,
    private readonly outputType: 'JSON' | 'JSONL',
    private readonly partBytes: number,
  ) {}

  async add(entry: string): Promise<void> {
    const separator =
      this.entries === 0 ? (this.outputType === 'JSON' ? '[' : '') : this.outputType === 'JSON' ? ',' : '\n';
    this.entries += 1;
    this.append(separator + entry);
    if (this.buffered >= this.partBytes) await this.sendPart();
  }

  /** Ends the file: its key and size for the manifest, or undefined when it had no entry (not written). */
  async finish(): Promise<{ Key: string; Size: number } | undefined> {
    if (this.entries === 0) return undefined;
    if (this.outputType === 'JSON') this.append(']');
    if (this.uploadId === undefined) {
      const Body = this.chunks.join('');
      await this.send('putObject', { Bucket: this.bucket, Key: this.key, Body, ContentType: 'application/json' });
    } else {
      if (this.buffered > 0) await this.sendPart();
      const { bucket: Bucket, key: Key, uploadId: UploadId } = this;
      await this.send('completeMultipartUpload', { Bucket, Key, UploadId, MultipartUpload: { Parts: this.parts } });
    }
    return { Key: this.key, Size: this.size };
  }

  /** Gives up an unfinished multipart upload (S3 would keep its parts). */
  async abort(): Promise<void> {
    const uploadId = this.uploadId;
    if (uploadId === undefined) return;
    this.uploadId = undefined;
    await this.send('abortMultipartUpload', { Bucket: this.bucket, Key: this.key, UploadId: uploadId }).catch(
      () => undefined,
    );
  }

  private append(text: string): void {
    const bytes = Buffer.byteLength(text);
    this.chunks.push(text);
    this.buffered += bytes;
    this.size += bytes;
  }

  private async sendPart(): Promise<void> {
    if (this.uploadId === undefined) {
      const created = (await this.send('createMultipartUpload', {
        Bucket: this.bucket,
        Key: this.key,
        ContentType: 'application/json',
      })) as { UploadId?: string };
      this.uploadId = created.UploadId ?? '';
    }
    const Body = Buffer.from(this.chunks.join(''));
    this.chunks = [];
    this.buffered = 0;
    const PartNumber = this.parts.length + 1;
    const { bucket: Bucket, key: Key, uploadId: UploadId } = this;
    const sent = (await this.send('uploadPart', { Bucket, Key, UploadId, PartNumber, Body })) as { ETag?: string };
    this.parts.push({ ETag: sent.ETag ?? '', PartNumber });
  }
}
