/** Where a command writes: injectable so tests can capture output without spawning a process. */
export interface Output {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The real terminal. */
export const processOutput: Output = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** Print a value as pretty JSON. */
export function printJson(output: Output, value: unknown): void {
  output.stdout(JSON.stringify(value, null, 2));
}
