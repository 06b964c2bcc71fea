// The service `serve` runs (in this process) with a model that refuses the key: an investigation that asked for the LLM ends done, with the
// engine's report and a warning naming the provider and why, never failed.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeOpenAi } from '../fakes/openai.js';
import type { FakeServer } from '../llm/fake-model-server.js';
import { SAMPLE } from '../e2e/helpers.js';
import { getJson, postJson, startServiceInProcess, tempDir, waitFor, type Service } from './helpers.js';

let serve: Service | undefined;
let fake: FakeServer | undefined;

afterAll(async () => {
  await serve?.stop();
  await fake?.close();
});

describe('serve: an investigation whose LLM fails', () => {
  it('ends done with the engine report and a warning (openai answers 401)', async () => {
    fake = await startFakeOpenAi([{ text: '{}' }], { apiKey: 'sk-right' });
    const secret = 'sk-wrong-key-abcdef0123456789';
    serve = await startServiceInProcess(['--data', SAMPLE, '--db', join(tempDir('ip-llm-db-'), 'db.sqlite')], {
      OPENAI_BASE_URL: `${fake.url}/v1`,
      OPENAI_API_KEY: secret,
      OPENAI_MODEL: 'M',
    });
    const started = await postJson(`${serve.url}/api/investigations`, {
      incident: '500 errors on checkout API',
      llm: 'openai',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const rec = await waitFor(
      'the run to end',
      async () => {
        const r = await getJson(`${serve!.url}/api/investigations/${started.body.id}`);
        return r.body.status === 'done' || r.body.status === 'failed' ? r.body : undefined;
      },
      120_000,
      250,
    );
    expect(rec.status, rec.error).toBe('done');
    expect(rec.error).toBeNull();
    expect(rec.report.analyst).toBe('engine');
    expect(rec.report.rootCause.deployment).toBe('v2.4.1');
    const warning = rec.report.warnings.find((w: string) => w.startsWith('the LLM investigator (openai/M) failed'));
    expect(warning, JSON.stringify(rec.report.warnings)).toMatch(/401/);
    expect(JSON.stringify(rec)).not.toContain(secret);
    // The model was asked (and refused), so this is the fallback, not "no provider configured".
    expect(fake.requests.some((r) => r.path === '/v1/chat/completions')).toBe(true);
  }, 180_000);
});
