import { startInProcess } from '/work/main/src/client/in-process.js';
const r = await startInProcess({ dataDir: '/tmp/gen/playqueue-redis-down', env: {} });
const res = await r.call('get_service_health', { at: '2026-05-08T20:44:00Z', limit: 500 });
console.log(res.ok, res.text.slice(0, 300));
const g = await r.call('get_metrics', { service: 'playlist-api', include_points: true });
console.log(g.ok, g.text.slice(0, 300));
await r.close();
