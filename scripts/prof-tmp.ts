import { startInProcess } from '../src/client/in-process.js';
const t0 = performance.now();
const router = await startInProcess({ dataDir: '/work/main/samples/checkout-db-pool', env: {} });
console.log('start', Math.round(performance.now() - t0));
for (const [name, args] of [['log_patterns', { limit: 400 }], ['log_patterns', { limit: 400 }], ['get_metrics', {}], ['get_anomalies', { limit: 60 }], ['get_service_graph', {}], ['get_error_rates', {}], ['get_deployments', { limit: 200 }], ['get_recent_commits', { limit: 200 }], ['get_commit', { sha: '66e5df83c15beb374b570645d7f52885c086a520' }], ['get_commit', { sha: '1d22d4be3008383933faf09a71ab0c9163836b7c' }]] as const) {
  const t = performance.now();
  const r = await router.call(name, args as Record<string, unknown>);
  console.log(name, r.ok, Math.round(performance.now() - t));
}
await router.close();
