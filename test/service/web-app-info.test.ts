// What the web app learns from the service with the investigations list: the bundled sample is served, whether
// a token is needed, the caller's role, and what "LLM (auto)" resolves to. The service `serve`
// runs, in this process, on loopback.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SAMPLE } from '../e2e/helpers.js';
import { NO_BACKENDS_ENV } from '../helpers/env.js';
import { getJson, startServiceInProcess, tempDir, TOKENS, TOKENS_ENV, type Service } from './helpers.js';

let serve: Service | undefined;
afterEach(async () => {
  await serve?.stop();
  serve = undefined;
});

const db = () => join(tempDir('ip-ui-db-'), 'db.sqlite');

describe('serve: what the web app is told', () => {
  it('with no data: the bundled sample is served and said so; no auth, so the local caller is admin', async () => {
    serve = await startServiceInProcess(['--db', db()], NO_BACKENDS_ENV);
    expect(serve.stderr()).toMatch(/serving the bundled sample incident/);
    const list = await getJson(`${serve.url}/api/investigations`);
    expect(list.status).toBe(200);
    expect(list.body.ui).toEqual({ sample: true, auth: false, role: 'admin', autoAnalyst: 'engine' });
  });

  it('with data and tokens: not the sample, auth on, the role of each caller, auto resolved to the configured model', async () => {
    serve = await startServiceInProcess(['--data', SAMPLE, '--db', db()], {
      ...NO_BACKENDS_ENV,
      INCIDENT_PILOT_TOKENS: TOKENS_ENV,
      OLLAMA_HOST: 'http://127.0.0.1:9',
      OLLAMA_MODEL: 'qwen-test',
    });
    const viewer = await getJson(`${serve.url}/api/investigations`, TOKENS.viewer);
    expect(viewer.body.ui).toEqual({ sample: false, auth: true, role: 'viewer', autoAnalyst: 'llm:ollama/qwen-test' });
    expect((await getJson(`${serve.url}/api/investigations`, TOKENS.operator)).body.ui.role).toBe('operator');
    expect((await getJson(`${serve.url}/api/investigations`)).status).toBe(401);
  });
});
