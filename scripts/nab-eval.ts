// NAB validation of detectChanges on realKnownCause (anomalies with a documented cause).
//
// Usage: node --import tsx scripts/nab-eval.ts [NAB_DIR]   (default /work/shared/datasets/nab)
//
// What is measured: the first 15% of each series is NAB's probationary period and only serves as a
// baseline. detectChanges is built for incident windows (a few hundred points), not multi-week streams,
// so the rest is scanned in consecutive chunks of CHUNK points; each call sees the preceding points, as many
// as the probationary period holds, as its baseline (baselineEnd) followed by the chunk, with otherwise
// default options. A detection is
// the start index of a reported change inside the chunk; it is a hit when its timestamp falls inside a
// labelled window (a window counts once however many detections it holds) and a false alarm otherwise.
// The detector is not tuned to this data.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { detectChanges } from '../src/analysis/changepoints.js';

const CHUNK = 400;
const PROBATION = 0.15;

export interface FileResult {
  file: string;
  points: number;
  windows: number;
  windowsHit: number;
  detections: number;
  falseAlarms: number;
}

export interface NabResult {
  files: FileResult[];
  windows: number;
  windowsHit: number;
  hitRate: number;
  falseAlarms: number;
  falseAlarmsPerFile: number;
}

function parseNabTime(text: string): number {
  return Date.parse(`${text.trim().replace(' ', 'T').slice(0, 19)}Z`);
}

function readSeries(path: string): { times: number[]; values: number[] } {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '');
  const times: number[] = [];
  const values: number[] = [];
  lines.forEach((line, i) => {
    const [ts, v] = line.split(',');
    const time = parseNabTime(ts);
    if (Number.isNaN(time)) throw new Error(`${path}:${i + 2}: bad timestamp "${ts}"`);
    times.push(time);
    values.push(Number(v));
  });
  return { times, values };
}

/** Start indices of the changes detectChanges reports over the post-probation part, chunk by chunk. */
export function scanSeries(values: number[]): number[] {
  const probation = Math.floor(PROBATION * values.length);
  const detections: number[] = [];
  for (let start = probation; start < values.length; start += CHUNK) {
    const from = Math.max(0, start - probation);
    const slice = values.slice(from, Math.min(values.length, start + CHUNK));
    const baselineEnd = start - from;
    for (const change of detectChanges(slice, { baselineEnd })) {
      if (change.index >= baselineEnd) detections.push(from + change.index);
    }
  }
  return detections;
}

export function evaluateFile(dir: string, file: string, windows: Array<[string, string]>): FileResult {
  const { times, values } = readSeries(join(dir, 'realKnownCause', file));
  const spans = windows.map(([a, b]) => [parseNabTime(a), parseNabTime(b)] as const);
  const hit = new Set<number>();
  let falseAlarms = 0;
  const detections = scanSeries(values);
  for (const index of detections) {
    const w = spans.findIndex(([a, b]) => times[index] >= a && times[index] <= b);
    if (w >= 0) hit.add(w);
    else falseAlarms++;
  }
  return {
    file,
    points: values.length,
    windows: spans.length,
    windowsHit: hit.size,
    detections: detections.length,
    falseAlarms,
  };
}

export function evaluateNab(dir = '/work/shared/datasets/nab'): NabResult {
  const labels = JSON.parse(readFileSync(join(dir, 'labels', 'combined_windows.json'), 'utf8')) as Record<
    string,
    Array<[string, string]>
  >;
  const files = readdirSync(join(dir, 'realKnownCause'))
    .filter((f) => f.endsWith('.csv'))
    .sort()
    .map((f) => evaluateFile(dir, f, labels[`realKnownCause/${f}`] ?? []));
  const windows = files.reduce((s, f) => s + f.windows, 0);
  const windowsHit = files.reduce((s, f) => s + f.windowsHit, 0);
  const falseAlarms = files.reduce((s, f) => s + f.falseAlarms, 0);
  return {
    files,
    windows,
    windowsHit,
    hitRate: windows ? windowsHit / windows : 0,
    falseAlarms,
    falseAlarmsPerFile: files.length ? falseAlarms / files.length : 0,
  };
}

function printTable(result: NabResult): void {
  const rows = result.files.map((f) => [f.file, f.points, f.windows, f.windowsHit, f.detections, f.falseAlarms]);
  console.log(['file', 'points', 'windows', 'hit', 'detections', 'false alarms'].join('\t'));
  for (const row of rows) console.log(row.join('\t'));
  console.log(
    `total: windows ${result.windows}, hit ${result.windowsHit}, hit rate ${result.hitRate.toFixed(3)}, false alarms ${result.falseAlarms} (${result.falseAlarmsPerFile.toFixed(2)} per file)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printTable(evaluateNab(process.argv[2]));
}
