// The parts of --help that commander does not write: examples, exit codes, environment variables; and the
// one-line answer to an unknown option or command (the error, then where to look), not the whole help.
import type { Command } from 'commander';

const EXIT_STATUS = `Exit status:
  0    the command ran (an analysis with low confidence, or whose LLM failed and fell back to the engine)
  1    an internal failure, or (doctor) a configured check failed
  2    bad usage or unreadable input; the message names the argument, variable or file
  130  stopped by Ctrl-C (143 by SIGTERM); the MCP servers are stopped first`;

const GENERAL_ENV = `  NO_COLOR                  no colour, even on a terminal (colour is only ever used on a terminal)
  INCIDENT_PILOT_DEBUG=1    add stack traces to errors`;

const BACKEND_ENV = `Live backends (instead of --data; see README, "Real backends"):
  PROMETHEUS_URL (+ PROMETHEUS_USER/PROMETHEUS_PASSWORD or PROMETHEUS_TOKEN), DD_API_KEY + DD_APP_KEY (+ DD_SITE)
  LOKI_URL (+ LOKI_AUTH_USER/LOKI_AUTH_PASSWORD, LOKI_TENANT), ELASTICSEARCH_URL (+ ELASTICSEARCH_API_KEY, ELASTICSEARCH_INDEX)
  GITHUB_TOKEN with --github owner/repo or GITHUB_REPOSITORY (+ GITHUB_API_URL)
  TEMPO_URL or JAEGER_URL; --kubeconfig FILE or KUBECONFIG (+ --kube-context), or in-cluster (KUBERNETES_SERVICE_HOST)`;

const LLM_ENV = `LLM investigator (--llm; also read from .env in the working directory):
  OLLAMA_HOST (default http://localhost:11434), OLLAMA_MODEL (default qwen3-coder-next), OLLAMA_API_KEY
  OPENAI_BASE_URL (default https://api.openai.com/v1), OPENAI_API_KEY, OPENAI_MODEL
  ANTHROPIC_API_KEY, ANTHROPIC_MODEL, ANTHROPIC_BASE_URL
  --llm auto (the default) takes the first of these providers that is configured, else the offline engine.`;

const SERVICE_ENV = `Service (details in docs/service.md):
  INCIDENT_PILOT_TOKENS=token:role,...    static bearer tokens (roles viewer, operator, admin)
  INCIDENT_PILOT_JWT_SECRET or INCIDENT_PILOT_JWKS_URL (+ _JWT_ISSUER, _JWT_AUDIENCE)   JWTs instead
                                          with neither, serve listens on loopback only, without auth
  DATABASE_URL                            PostgreSQL instead of the SQLite file of --db
  INCIDENT_PILOT_AUDIT_LOG                where tool calls and investigations are audited
  INCIDENT_PILOT_RATE_LIMIT, _CONCURRENCY, _MAX_QUEUED, _MAX_SESSIONS, _TOOL_TIMEOUT_MS, _BODY_LIMIT,
  _ALLOWED_HOSTS, _ALLOWED_ORIGINS, _LOG_LEVEL, OTEL_EXPORTER_OTLP_ENDPOINT`;

/** Text after each command's own help: examples first, then what else it reads, then exit status. */
const AFTER: Record<string, string> = {
  analyze: `Examples:
  $ incident-pilot analyze                                     # the bundled sample incident
  $ incident-pilot analyze "500 errors on checkout API" --data ./incident
  $ incident-pilot analyze "checkout slow" --data ./incident --since 2025-01-15T14:00:00Z --until 2025-01-15T16:00:00+01:00
  $ incident-pilot analyze "checkout slow" --data ./incident --since 3h --json > report.json
  $ PROMETHEUS_URL=http://prom:9090 incident-pilot analyze "5xx on api" --until 2025-01-15T16:00:00Z --markdown
  $ OLLAMA_MODEL=qwen3-coder-next incident-pilot analyze "500 errors" --llm ollama --html report.html

Defaults: --data is the bundled sample (samples/checkout-db-pool); the incident is the first line of
DIR/incident.txt; --until is the end of the data (live backends: now); --since is 6 hours before --until,
clipped to the start of the data; all configured servers start; progress goes to stderr, the report to stdout.
Times: ISO 8601 with Z or an offset (no zone means UTC), epoch seconds or milliseconds, now, or a duration
(30m, 3h, 2d) counted back from --until (or, for --until, from the end of the data).

Environment:
${GENERAL_ENV}
${LLM_ENV}
${BACKEND_ENV}

${EXIT_STATUS}`,
  server: `Examples:
  $ incident-pilot server logs --data ./incident
  $ npx @modelcontextprotocol/inspector --cli incident-pilot server git --data ./incident --method tools/list
  $ LOKI_URL=http://loki:3100 incident-pilot server logs --until 2025-01-15T16:00:00Z

Defaults: with no --data and no backend configured, the server serves the bundled sample incident.

Environment:
${GENERAL_ENV}
${BACKEND_ENV}

${EXIT_STATUS}`,
  eval: `Examples:
  $ incident-pilot eval ../shared/scenarios
  $ incident-pilot eval ./scenarios/checkout-db-pool --json

Each scenario is analyzed with the engine (no LLM) before its truth.json is read.

${EXIT_STATUS}`,
  doctor: `Examples:
  $ incident-pilot doctor --data ./incident
  $ PROMETHEUS_URL=http://prom:9090 LOKI_URL=http://loki:3100 incident-pilot doctor

Environment:
${GENERAL_ENV}
${BACKEND_ENV}

${EXIT_STATUS}`,
  patterns: `Examples:
  $ incident-pilot patterns logs/checkout-api.log
  $ incident-pilot patterns logs/app.log.gz --json | jq '.templates[0]'

${EXIT_STATUS}`,
  serve: `Examples:
  $ incident-pilot serve                                       # loopback, no auth, the bundled sample
  $ INCIDENT_PILOT_TOKENS='viewer-token:viewer,operator-token:operator' incident-pilot serve --host 0.0.0.0 --data /data
  $ DATABASE_URL=postgres://ip@db/ip INCIDENT_PILOT_JWKS_URL=https://idp/jwks.json incident-pilot serve --host 0.0.0.0

Defaults: with no --data and no backend configured, serve uses the bundled sample incident and the web UI
says so. The web UI is at /, the API at /api/investigations, MCP at /mcp.

Environment:
${GENERAL_ENV}
${SERVICE_ENV}
${LLM_ENV}
${BACKEND_ENV}

${EXIT_STATUS}`,
};

const PROGRAM_AFTER = `Examples:
  $ incident-pilot analyze                                     # analyze the bundled sample incident
  $ incident-pilot analyze "500 errors on checkout API" --data ./incident --since 3h
  $ incident-pilot doctor --data ./incident
  $ incident-pilot serve --port 10002

Run "incident-pilot <command> --help" for a command's options, defaults and environment variables.

Environment:
${GENERAL_ENV}
  LLM providers (OLLAMA_*, OPENAI_*, ANTHROPIC_*), live backends (PROMETHEUS_URL, LOKI_URL, GITHUB_TOKEN, ...)
  and the service (INCIDENT_PILOT_*): see "incident-pilot analyze --help" and "incident-pilot serve --help".

${EXIT_STATUS}`;

/**
 * Adds the examples, environment and exit status to the program's and each command's help, and makes a usage
 * error (unknown option, missing argument) one line plus a pointer to the right --help.
 */
export function addHelpTexts(program: Command): void {
  program.addHelpText('after', `\n${PROGRAM_AFTER}`);
  program.showHelpAfterError('(run "incident-pilot --help" for the commands)');
  for (const cmd of program.commands) {
    const after = AFTER[cmd.name()];
    if (after) cmd.addHelpText('after', `\n${after}`);
    cmd.showHelpAfterError(`(run "incident-pilot ${cmd.name()} --help" for its options)`);
  }
}
