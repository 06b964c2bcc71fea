import { startServers } from '../src/client/start.js';
const [dir, at, svc] = process.argv.slice(2);
const r = await startServers({ source: { dataDir: dir, env: {} } });
const res = await r.call('get_service_health', { at, service: svc });
console.log(JSON.stringify(res.structured, null, 1));
await r.close();
