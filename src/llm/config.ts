// LLM configuration: the environment (winning) over a .env file in the working directory, resolved to one provider.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'dotenv';
import { PilotError } from '../core/errors.js';

export type Env = Readonly<Record<string, string | undefined>>;
export const PROVIDER_KINDS = ['ollama', 'openai', 'anthropic'] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];
export type ProviderChoice = 'auto' | ProviderKind;
/**
 * What --llm (and a service request's llm) may name: auto picks the first configured provider, none the engine alone.
 */
export const LLM_CHOICES = ['auto', 'none', ...PROVIDER_KINDS] as const;
export type LlmChoice = (typeof LLM_CHOICES)[number];

export interface ProviderConfig {
  kind: ProviderKind;
  model: string;
  /** The API root the provider library is given (Ollama: HOST/api, OpenAI: .../v1). */
  baseURL: string;
  apiKey?: string;
}

export const OLLAMA_DEFAULT_HOST = 'http://localhost:11434';
export const OLLAMA_DEFAULT_MODEL = 'qwen3-coder-next';
const ANTHROPIC_DEFAULT_URL = 'https://api.anthropic.com/v1';

/** The one table of providers: their name in progress, the settings that configure them (any set means
 * "configured", for --llm auto, in PROVIDER_KINDS order), and the ones to name when a request fails. */
export const PROVIDERS: Record<ProviderKind, { name: string; env: string[]; keySetting: string; urlSetting: string }> =
  {
    ollama: {
      name: 'Ollama',
      env: ['OLLAMA_HOST', 'OLLAMA_MODEL', 'OLLAMA_API_KEY'],
      keySetting: 'OLLAMA_API_KEY',
      urlSetting: 'OLLAMA_HOST',
    },
    openai: {
      name: 'OpenAI-compatible model',
      env: ['OPENAI_BASE_URL', 'OPENAI_API_KEY'],
      keySetting: 'OPENAI_API_KEY',
      urlSetting: 'OPENAI_BASE_URL',
    },
    anthropic: {
      name: 'Anthropic',
      env: ['ANTHROPIC_API_KEY'],
      keySetting: 'ANTHROPIC_API_KEY',
      urlSetting: 'ANTHROPIC_BASE_URL',
    },
  };

/**
 * The one place that reads a .env file: its values, overridden by the real environment. Called by the CLI at start-up.
 */
export function loadLlmEnv(cwd: string, env: Env): Record<string, string | undefined> {
  const file = join(cwd, '.env');
  let fromFile: Record<string, string> = {};
  if (existsSync(file)) {
    try {
      fromFile = parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new PilotError('config', `${file}: cannot read (${(err as Error).message})`);
    }
  }
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v !== '') merged[k] = v;
  return merged;
}

function set(env: Env, key: string): string | undefined {
  const v = env[key]?.trim();
  return v ? v : undefined;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function checkUrl(url: string, key: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new PilotError('config', `${key}=${url}: not an http(s) URL`, { hint: `e.g. ${key}=http://localhost:11434` });
  }
  return trimSlash(url);
}

/** Ollama's native API lives under /api; accept the host with or without it. */
function ollamaBase(host: string): string {
  const base = checkUrl(host, 'OLLAMA_HOST');
  return base.endsWith('/api') ? base : `${base}/api`;
}

function configFor(kind: ProviderKind, env: Env, model?: string): ProviderConfig {
  if (kind === 'ollama') {
    return {
      kind,
      model: model ?? set(env, 'OLLAMA_MODEL') ?? OLLAMA_DEFAULT_MODEL,
      baseURL: ollamaBase(set(env, 'OLLAMA_HOST') ?? OLLAMA_DEFAULT_HOST),
      apiKey: set(env, 'OLLAMA_API_KEY'),
    };
  }
  if (kind === 'openai') {
    const m = model ?? set(env, 'OPENAI_MODEL');
    if (!m)
      throw new PilotError('config', '--llm openai needs a model', { hint: 'pass --model NAME or set OPENAI_MODEL' });
    return {
      kind,
      model: m,
      baseURL: checkUrl(set(env, 'OPENAI_BASE_URL') ?? 'https://api.openai.com/v1', 'OPENAI_BASE_URL'),
      apiKey: set(env, 'OPENAI_API_KEY'),
    };
  }
  const apiKey = set(env, 'ANTHROPIC_API_KEY');
  if (!apiKey)
    throw new PilotError('config', '--llm anthropic needs ANTHROPIC_API_KEY', {
      hint: 'set it in the environment or in .env',
    });
  const m = model ?? set(env, 'ANTHROPIC_MODEL');
  if (!m)
    throw new PilotError('config', '--llm anthropic needs a model', {
      hint: 'pass --model NAME or set ANTHROPIC_MODEL (e.g. claude-sonnet-4-5)',
    });
  return {
    kind,
    model: m,
    baseURL: checkUrl(set(env, 'ANTHROPIC_BASE_URL') ?? ANTHROPIC_DEFAULT_URL, 'ANTHROPIC_BASE_URL'),
    apiKey,
  };
}

/**
 * The provider for --llm CHOICE: auto picks the first configured one (ollama, openai, anthropic) or null (use the
 * engine). Throws a config/usage error naming the missing variable for an explicit choice that cannot work.
 */
export function resolveProvider(env: Env, choice: string, model?: string): ProviderConfig | null {
  if (choice === 'none') return null;
  if (choice === 'auto') {
    const kind = PROVIDER_KINDS.find((k) => PROVIDERS[k].env.some((key) => set(env, key)));
    return kind ? configFor(kind, env, model) : null;
  }
  if (!(PROVIDER_KINDS as readonly string[]).includes(choice)) {
    throw new PilotError('usage', `--llm ${choice}: unknown provider`, {
      hint: `choose one of: ${LLM_CHOICES.join(', ')}`,
    });
  }
  return configFor(choice as ProviderKind, env, model);
}
