// JSON logs (pino) on stderr; secrets never reach them: authorization headers and tokens are redacted.
import { pino, type Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization',
  'token',
  'password',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  '*.authorization',
  '*.token',
  '*.password',
  'databaseUrl',
];

export function createLogger(level: string, destination: NodeJS.WritableStream = process.stderr): Logger {
  return pino(
    { level, base: { service: 'incident-pilot' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    destination as pino.DestinationStream,
  );
}
