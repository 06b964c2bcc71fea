// What every MCP server of ours declares: its name, tools and health checks, built from configuration.
import type { AnyTool } from '../mcp/tool.js';

/** Source options shared by every server (from CLI flags, env and config, parsed once). */
export interface SourceOptions {
  /** Incident bundle directory (file backends). */
  dataDir?: string;
  /** Environment slice, read once at start-up; backends never read process.env themselves. */
  env: Readonly<Record<string, string | undefined>>;
  /** Fixed "now" for file backends (--until); default is the end of the data. */
  until?: string;
  /** Allow write tools (k8s). */
  allowWrites?: boolean;
  /** Any other server-specific flag (--github owner/repo, --kube-context, ...). */
  extra?: Readonly<Record<string, string | boolean | undefined>>;
}

export interface HealthCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface ServerInstance {
  tools: AnyTool[];
  /** Which backend serves this instance (file, prometheus, loki, ...). */
  backend: string;
  checkHealth(): Promise<HealthCheck[]>;
  close(): Promise<void>;
}

/** A command-line flag that one server reads, declared with that server; its value lands in SourceOptions.extra. */
export interface ServerFlag {
  /** Commander syntax: `--github <owner/repo>`. */
  option: string;
  /** Key in SourceOptions.extra: commander's camelCase of the flag name (`--kube-context` -> kubeContext). */
  key: string;
  description: string;
  /** A live source: with it set, commands do not fall back to the bundled sample incident. */
  replacesSample?: boolean;
  /** A file path: made absolute when parsed, so that a server started in another directory reads the same file. */
  isPath?: boolean;
}

export interface ServerSpec {
  name: string;
  aliases: string[];
  /** One line for help texts and the README. */
  summary: string;
  /** Flags of this server beyond the shared --data, --until and --allow-writes. */
  flags?: readonly ServerFlag[];
  /** Which incident-bundle part or env var makes this server worth starting by default. */
  isConfigured(opts: SourceOptions): boolean;
  create(opts: SourceOptions): Promise<ServerInstance>;
}
