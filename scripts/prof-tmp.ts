import { startInProcess } from '../src/client/in-process.js';
const router = await startInProcess({ dataDir: 'samples/checkout-db-pool', env: {}, servers: ['logs'] } as never);
const t = performance.now();
const r = await router.call('log_patterns', { limit: 400 });
console.log('log_patterns', r.ok, Math.round(performance.now() - t));
await router.close();
