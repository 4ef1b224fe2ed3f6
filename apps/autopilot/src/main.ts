#!/usr/bin/env node
import { processOutput } from './output.ts';
import { runCli } from './program.ts';

const exitCode = await runCli(process.argv.slice(2), {
  output: processOutput,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = exitCode;
