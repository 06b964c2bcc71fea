// What the web app needs to know about the service and its caller, sent with the investigations list.
export interface UiInfo {
  /** The service has no data or backend configured and serves the bundled sample incident. */
  sample: boolean;
  /** Requests need a token (false: loopback only, no auth). */
  auth: boolean;
  /** The caller's role: viewers read, operators also start investigations. */
  role: 'alerts' | 'viewer' | 'operator' | 'admin';
  /** What "LLM (auto)" resolves to on this service: "llm:<provider>/<model>", or "engine" when none is configured. */
  autoAnalyst: string;
}
