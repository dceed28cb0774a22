// The audit trail's storage: CloudTrail-shaped records appended, one JSON line each, to a file in the data
// directory, and read back whole (the export) by streaming the file. Each append is written before the
// call's answer is logged, so a record is readable as soon as its caller has its response.

import { closeSync, createReadStream, existsSync, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

export class AuditLogFile {
  private fd: number | undefined;

  constructor(
    readonly file: string,
    /** Told of a record that could not be written (a full or read-only disk): the call it records stands. */
    private readonly onWriteError: (error: unknown) => void = () => undefined,
  ) {
    this.fd = openSync(file, 'a');
  }

  append(record: object): void {
    if (this.fd === undefined) return;
    try {
      writeSync(this.fd, `${JSON.stringify(record)}\n`);
    } catch (error) {
      // Thrown here it would end the server, which answers reads on such a disk; the caller is told.
      this.onWriteError(error);
    }
  }

  /**
   * The trail as JSON lines, oldest first (undefined before the first record): every record, or one
   * account's (`recipientAccountId`).
   */
  read(account?: string): Readable | undefined {
    if (!existsSync(this.file)) return undefined;
    const whole = createReadStream(this.file);
    return account === undefined ? whole : Readable.from(linesOf(whole, account));
  }

  close(): Promise<void> {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    return Promise.resolve();
  }
}

async function* linesOf(file: Readable, account: string): AsyncGenerator<string> {
  for await (const line of createInterface({ input: file, crlfDelay: Infinity })) {
    if (line === '') continue;
    const record = JSON.parse(line) as { recipientAccountId?: string };
    if (record.recipientAccountId === account) yield `${line}\n`;
  }
}
