import { startInProcess } from '../src/client/in-process.js';
import { findSlowBurnInSeries } from '../src/engine/slow-burn.js';
const r = await startInProcess({ dataDir: process.argv[2], env: {} });
const onset = Date.parse(process.argv[3]);
const b = await findSlowBurnInSeries(r, [process.argv[4]], onset, { from: onset - 6 * 3600_000, to: onset + 3600_000 });
console.log(b, b && new Date(b.climbStart).toISOString());
await r.close();
