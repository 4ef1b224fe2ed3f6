import { createInterface } from 'node:readline/promises';

/** Ask one question on the terminal; null when no one is at one (stdin is not a TTY), so scripts never hang. */
export async function terminalPrompt(question: string): Promise<string | null> {
  if (!process.stdin.isTTY) return null;
  const lines = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await lines.question(question);
  } finally {
    lines.close();
  }
}
