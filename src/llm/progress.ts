// Progress lines as the original showed them: [Tool #n] name (SERVER server) / Arguments / Result.

const MAX_ARGS = 200;
const MAX_RESULT = 140;

function firstLine(text: string, max: number): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? '(empty)';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function formatToolCall(n: number, name: string, server: string, args: unknown): string[] {
  const json = JSON.stringify(args ?? {});
  return [
    `[Tool #${n}] ${name} (${server.toUpperCase()} server)`,
    `  Arguments: ${json.length > MAX_ARGS ? `${json.slice(0, MAX_ARGS - 1)}…` : json}`,
  ];
}

export function formatToolResult(text: string, ok: boolean): string {
  return `  Result: ${ok ? '' : 'error: '}${firstLine(text, MAX_RESULT)}`;
}
