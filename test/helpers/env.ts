// What a test adds to the environment of the CLI or the service it starts, so that this machine's settings stay out.

/** No backend and no LLM from this machine's environment: the test decides what the run has. */
export const NO_BACKENDS_ENV = {
  PROMETHEUS_URL: '',
  LOKI_URL: '',
  ELASTICSEARCH_URL: '',
  GITHUB_TOKEN: '',
  GITHUB_REPOSITORY: '',
  DD_API_KEY: '',
  TEMPO_URL: '',
  JAEGER_URL: '',
  KUBERNETES_SERVICE_HOST: '',
  KUBECONFIG: '/nonexistent',
  OLLAMA_HOST: '',
  OLLAMA_MODEL: '',
  OLLAMA_API_KEY: '',
  OPENAI_BASE_URL: '',
  OPENAI_API_KEY: '',
  ANTHROPIC_API_KEY: '',
};
