// Reading the events stream: blocks of server-sent events as the service writes them.
import { describe, expect, it } from 'vitest';
import { parseEventBlock } from '../../src/web/client/api.js';

describe('parseEventBlock', () => {
  it('reads the event type, id and JSON data', () => {
    const e = parseEventBlock('id: 7\nevent: tool_call\ndata: {"index":2,"tool":"get_deployments"}');
    expect(e).toEqual({ type: 'tool_call', id: '7', data: { index: 2, tool: 'get_deployments' } });
  });

  it('joins multi-line data, ignores comments and gives null for a block without data', () => {
    expect(parseEventBlock(': connected')).toBeNull();
    expect(parseEventBlock('event: done\r\ndata: {"status":\r\ndata: "done"}')).toEqual({
      type: 'done',
      id: null,
      data: { status: 'done' },
    });
  });

  it('keeps text that is not JSON', () => {
    expect(parseEventBlock('data: plain words')).toEqual({ type: 'message', id: null, data: { text: 'plain words' } });
  });
});
