// Which Slack channels an alert goes to: the first route whose labels match (more with `continue`), else the default.
import type { AlertRoute } from '../alerts/config.js';

function routeMatches(route: AlertRoute, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(route.match)) if (labels[k] !== v) return false;
  for (const [k, re] of Object.entries(route.matchRe)) if (!re.test(labels[k] ?? '')) return false;
  return true;
}

export function slackChannelsFor(
  labels: Readonly<Record<string, string>>,
  routes: readonly AlertRoute[],
  defaultChannel: string | undefined,
): string[] {
  const channels: string[] = [];
  for (const route of routes) {
    if (!routeMatches(route, labels)) continue;
    if (route.slack && !channels.includes(route.slack)) channels.push(route.slack);
    if (!route.continue) break;
  }
  if (!channels.length && defaultChannel) channels.push(defaultChannel);
  return channels;
}
