// The git server's tool contracts.
import { z } from 'zod';
import { warningSchema, windowSchema } from './common.js';

export const commitSummarySchema = z.object({
  sha: z.string(),
  shortSha: z.string(),
  author: z.string(),
  date: z.string(),
  subject: z.string(),
  message: z.string(),
  services: z.array(z.string()).describe('services the commit touches, from its paths'),
  files: z.array(z.object({ path: z.string(), additions: z.number(), deletions: z.number() })),
});
export type CommitSummary = z.infer<typeof commitSummarySchema>;

export const recentCommitsOutput = z.object({
  window: windowSchema,
  commits: z.array(commitSummarySchema).describe('newest first'),
  total: z.number(),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
});
export type RecentCommitsOutput = z.infer<typeof recentCommitsOutput>;

export const deploymentOutSchema = z.object({
  id: z.string(),
  service: z.string(),
  version: z.string(),
  environment: z.string().nullable(),
  commit: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  status: z.string().nullable(),
  previousVersion: z.string().nullable().describe('the version of the same service deployed before this one'),
  commits: z
    .array(z.string())
    .describe(
      "shas this deployment shipped: its service's commits since the previous deployment, up to and including commit",
    ),
});
export type DeploymentOut = z.infer<typeof deploymentOutSchema>;

export const deploymentsOutput = z.object({
  window: windowSchema,
  deployments: z.array(deploymentOutSchema).describe('newest first'),
  total: z.number(),
  warnings: z.array(warningSchema).optional(),
  note: z.string().optional(),
});
export type DeploymentsOutput = z.infer<typeof deploymentsOutput>;

export const searchCommitsOutput = z.object({
  query: z.string(),
  matches: z.array(
    commitSummarySchema.extend({
      matchedIn: z.array(z.enum(['message', 'paths', 'diff'])),
      snippets: z.array(z.string()).describe('matching lines, diff lines with their +/- sign'),
    }),
  ),
  total: z.number(),
  note: z.string().optional(),
});
export type SearchCommitsOutput = z.infer<typeof searchCommitsOutput>;

export const commitDetailOutput = z.object({
  sha: z.string(),
  author: z.string(),
  date: z.string(),
  message: z.string(),
  services: z.array(z.string()),
  files: z.array(
    z.object({ path: z.string(), additions: z.number(), deletions: z.number(), patch: z.string().optional() }),
  ),
  truncated: z.boolean().describe('true when patches were cut to the size limit'),
});
export type CommitDetailOutput = z.infer<typeof commitDetailOutput>;
