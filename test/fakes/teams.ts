// A Microsoft Teams Workflows webhook fake on loopback: POST .../workflows/<id>/triggers/manual/paths/invoke with the
// `sig` query parameter as its secret; it takes a message whose attachments hold an Adaptive Card and answers 202
// Accepted; a wrong sig is 401, a malformed card 400 and an unknown workflow 404, with Power Automate's error shape.
import { startLoopback, type FakeReply, type Loopback } from './loopback.js';

export interface TeamsFake extends Loopback {
  /** The workflow URL to configure (TEAMS_WEBHOOK_URL). */
  workflowUrl: string;
  /** The Adaptive Cards received. */
  cards: Array<Record<string, unknown>>;
}

const WORKFLOW = 'a1b2c3d4e5f64718a9b0c1d2e3f40516';
const SIG = 'Zm9vYmFyLXNpZ25hdHVyZS1vZi10aGUtd29ya2Zsb3c';

function error(status: number, code: string, message: string): FakeReply {
  return { status, json: { error: { code, message } } };
}

export async function startTeamsFake(): Promise<TeamsFake> {
  const cards: Array<Record<string, unknown>> = [];
  const loop = await startLoopback((req) => {
    const m = /^\/powerautomate\/automations\/direct\/workflows\/([0-9a-f]+)\/triggers\/manual\/paths\/invoke$/.exec(
      req.path,
    );
    if (!m || req.method !== 'POST')
      return error(404, 'WorkflowNotFound', `The workflow for path '${req.path}' could not be found.`);
    if (m[1] !== WORKFLOW) return error(404, 'WorkflowNotFound', `The workflow '${m[1]}' could not be found.`);
    if (req.query.get('sig') !== SIG)
      return error(
        401,
        'DirectApiAuthorizationRequired',
        'The request must be authenticated: the signature is missing or wrong.',
      );
    let body: { type?: string; attachments?: Array<{ contentType?: string; content?: Record<string, unknown> }> };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return error(400, 'InvalidRequestContent', 'The request content is not valid JSON.');
    }
    const card = body.attachments?.[0];
    if (
      body.type !== 'message' ||
      card?.contentType !== 'application/vnd.microsoft.card.adaptive' ||
      card.content?.type !== 'AdaptiveCard' ||
      !Array.isArray(card.content.body)
    ) {
      return error(400, 'InvalidRequestContent', 'Expected a message with an Adaptive Card attachment.');
    }
    cards.push(card.content);
    return { status: 202, text: '' };
  });
  return {
    ...loop,
    workflowUrl: `${loop.url}/powerautomate/automations/direct/workflows/${WORKFLOW}/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${SIG}`,
    cards,
  };
}
