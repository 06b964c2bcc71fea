// Pieces shared by the tool contracts of several servers.
import { z } from 'zod';

export const windowSchema = z.object({
  from: z.string().describe('ISO 8601 start of the window searched (inclusive)'),
  to: z.string().describe('ISO 8601 end of the window searched (exclusive)'),
});

/** A per-minute count series: counts[i] is the count in minute start + i*stepSeconds. */
export const rateSeriesSchema = z.object({
  start: z.string().describe('ISO 8601 start of the first bucket'),
  stepSeconds: z.number(),
  counts: z.array(z.number()),
});

export const warningSchema = z.object({ where: z.string(), message: z.string() });

/** Time arguments every windowed tool accepts. */
export const timeArgs = {
  since: z
    .string()
    .optional()
    .describe(
      'Start of the window: ISO 8601 (2025-01-15T14:00:00Z), epoch seconds, or a duration before the end of the data (2h, 30m). Default: several hours before the end of the data.',
    ),
  until: z
    .string()
    .optional()
    .describe(
      'End of the window, same forms as since. Default: the end of the data (file backends) or now (live backends).',
    ),
};
