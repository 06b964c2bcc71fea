// What every traces tool is built from.
import type { SourceOptions } from '../../types.js';
import type { TracesBackend } from '../backend.js';

export interface TracesDeps {
  backend: TracesBackend;
  source: SourceOptions;
}
