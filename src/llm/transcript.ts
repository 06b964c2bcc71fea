// --transcript FILE: every request and response body exchanged with the model, one JSON object a line, as sent (after
// redaction).
import { appendFileSync, writeFileSync } from 'node:fs';
import { PilotError } from '../core/errors.js';

export type TranscriptEntry =
  | { type: 'request'; url: string; method: string; headers: Record<string, string>; body: string | null }
  | { type: 'response'; url: string; status: number; body: string };

export class Transcript {
  private pending: Array<Promise<void>> = [];

  constructor(readonly path: string) {
    try {
      writeFileSync(path, '');
    } catch (err) {
      throw new PilotError('usage', `--transcript ${path}: cannot write (${(err as Error).message})`);
    }
  }

  write(entry: TranscriptEntry): void {
    appendFileSync(this.path, `${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
  }

  /** Reads a response copy to its end (streams included) without holding up the caller. */
  record(res: Response, url: string): void {
    this.pending.push(
      res.text().then(
        (body) => this.write({ type: 'response', url, status: res.status, body }),
        (err: Error) => this.write({ type: 'response', url, status: res.status, body: `[unreadable: ${err.message}]` }),
      ),
    );
  }

  /** Waits for response bodies still streaming in. */
  async flush(): Promise<void> {
    await Promise.all(this.pending);
    this.pending = [];
  }
}
