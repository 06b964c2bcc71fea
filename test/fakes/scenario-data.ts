// Loads a public scenario through our file backends, so that every fake serves exactly the bundle's data.
import { createFileLogsBackend } from '../../src/servers/logs/backends/file.js';
import { openFileGitBackend } from '../../src/servers/git/backends/file.js';
import { openFileMetricsBackend } from '../../src/servers/metrics/backends/file.js';
import { join } from 'node:path';
import type { Commit, Deployment, LogEntry, Series } from '../../src/core/types.js';

export async function loadLogEntries(dataDir: string): Promise<LogEntry[]> {
  const backend = createFileLogsBackend(dataDir);
  const out: LogEntry[] = [];
  for await (const batch of backend.scan({ range: { from: 0, to: 8.64e15 } })) out.push(...batch);
  await backend.close();
  return out;
}

export async function loadGit(dataDir: string): Promise<{ commits: Commit[]; deployments: Deployment[] }> {
  const backend = await openFileGitBackend(dataDir);
  const list = await backend.commits();
  const commits: Commit[] = [];
  for (const c of list) commits.push((await backend.getCommit(c.sha)) ?? c);
  const deployments = await backend.deployments();
  await backend.close();
  return { commits, deployments };
}

export async function loadSeries(dataDir: string): Promise<Series[]> {
  const backend = await openFileMetricsBackend(join(dataDir, 'metrics'));
  const names = [...new Set((await backend.listSeries({}, { from: 0, to: 8.64e15 })).map((r) => r.name))];
  return (await Promise.all(names.map((n) => backend.fetch({ name: n }, { from: 0, to: 8.64e15 })))).flat();
}
