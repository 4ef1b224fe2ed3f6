#!/usr/bin/env node
import { processOutput } from './output.ts';
import { runCli } from './program.ts';
import { terminalPrompt } from './terminal-prompt.ts';

// The AWS SDK (S3 backups) warns on every run that its releases after January 2027 need Node 22; the version
// is pinned, so the warning says nothing to a person running `dalio`.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const exitCode = await runCli(process.argv.slice(2), {
  output: processOutput,
  env: process.env,
  cwd: process.cwd(),
  prompt: terminalPrompt,
});
process.exitCode = exitCode;
