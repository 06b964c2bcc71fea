// The logs server's tool contracts: what read_logs, search_logs and log_patterns return.
import { z } from 'zod';
import { rateSeriesSchema, warningSchema, windowSchema } from './common.js';

export const logEntrySchema = z.object({
  time: z.string(),
  level: z.string(),
  service: z.string(),
  message: z.string(),
  ref: z.string().describe('file:line of the entry (or a backend id)'),
  attributes: z.record(z.string(), z.unknown()).optional(),
});
export type LogEntryOut = z.infer<typeof logEntrySchema>;

export const logsSourceSchema = z
  .object({
    state: z
      .enum(['ok', 'no_entries', 'no_entries_in_window'])
      .describe(
        'ok: log entries were read and the window overlaps them (an empty result then means nothing matched); ' +
          'no_entries: not one log entry could be read (see skipped and warnings); ' +
          'no_entries_in_window: entries were read, but the window does not overlap their span (see extent)',
      ),
    files: z.number().describe('log files found'),
    filesWithEntries: z
      .number()
      .describe('files from which at least one entry was read (or may be, before a full read)'),
    skipped: z
      .array(z.object({ file: z.string(), reason: z.string() }))
      .describe('files that yielded no entry, and why (empty, binary, corrupt gzip, no readable line)'),
    unreadLines: z.number().describe('lines that could not be read as entries, over the files read whole so far'),
    droppedEntries: z
      .number()
      .describe('entries dropped because their time is implausible (far outside the rest of the data)'),
    extent: windowSchema.nullable().describe('span of the readable entries; null when none could be read'),
  })
  .describe(
    'what the logs backend could read: lets a caller tell "nothing was read" from "read fine, nothing matched"',
  );
export type LogsSourceOut = z.infer<typeof logsSourceSchema>;

export const readLogsOutput = z.object({
  window: windowSchema,
  entries: z.array(logEntrySchema),
  returned: z.number(),
  nextCursor: z.string().nullable().describe('pass as cursor to get the next page; null when there is no more'),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
  source: logsSourceSchema.optional(),
});
export type ReadLogsOutput = z.infer<typeof readLogsOutput>;

export const searchLogsOutput = z.object({
  pattern: z.string(),
  regex: z.boolean(),
  window: windowSchema,
  totalMatches: z.number(),
  matches: z.array(logEntrySchema).describe('the first matches, oldest first, up to limit'),
  truncated: z.boolean(),
  byService: z.array(z.object({ service: z.string(), count: z.number() })),
  perMinute: z
    .array(z.object({ minute: z.string(), count: z.number() }))
    .describe('matches per minute, minutes with none left out'),
  firstMatch: z.string().nullable(),
  lastMatch: z.string().nullable(),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
  source: logsSourceSchema.optional(),
});
export type SearchLogsOutput = z.infer<typeof searchLogsOutput>;

export const logTemplateSchema = z.object({
  id: z.string().describe('stable id of the template (same text gives the same id)'),
  template: z.string().describe('message with variable parts masked as <*>'),
  service: z.string(),
  level: z.string().describe('the most severe level seen with this template'),
  count: z.number(),
  first: z.string(),
  last: z.string(),
  isNew: z.boolean().describe('not seen before baselineUntil'),
  baselinePerMinute: z.number().describe('mean rate before baselineUntil'),
  recentPerMinute: z.number().describe('mean rate from baselineUntil to the end of the window'),
  rateJump: z
    .number()
    .describe('recentPerMinute / max(baselinePerMinute, 1/baseline minutes); large means the template surged'),
  sample: z.string().describe('one raw message of this template'),
  ref: z.string().describe('file:line of the first occurrence'),
  rate: rateSeriesSchema.describe('per-minute counts over the whole window'),
  burst: z
    .object({
      start: z.string().describe('when the higher rate began (ISO 8601)'),
      rateBefore: z.number().describe('entries per bucket before'),
      rateAfter: z.number().describe('entries per bucket from start on'),
      countAfter: z.number(),
      llr: z.number().describe('log-likelihood ratio of two rates over one: how sure the jump is'),
    })
    .nullable()
    .optional()
    .describe('where the count jumps to a higher rate (a Poisson change point), or null when it holds its rate'),
});
export type LogTemplateOut = z.infer<typeof logTemplateSchema>;

export const logPatternsOutput = z.object({
  window: windowSchema,
  baselineUntil: z.string(),
  totalEntries: z.number(),
  templates: z.array(logTemplateSchema),
  omitted: z.number().describe('templates left out by limit'),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
  source: logsSourceSchema.optional(),
});
export type LogPatternsOutput = z.infer<typeof logPatternsOutput>;
