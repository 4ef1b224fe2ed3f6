#!/usr/bin/env node
// The main job (`npm start`): installs the workspace with pnpm (fetched by npx, no global install needed),
// builds it (so `./dalio` works afterwards), and runs the demo. Extra arguments go to the demo.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const PNPM = ['--yes', 'pnpm@10.34.8'];
const options = { cwd: root, stdio: 'inherit' };

function step(title, command, args) {
  const result = spawnSync(command, args, options);
  if (result.status !== 0) {
    console.error(`npm start: ${title} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

step('installing', 'npx', [...PNPM, 'install', '--reporter=silent']);
console.log('Building Dalio Lite (a minute the first time, cached afterwards)…');
step('building', 'npx', [
  ...PNPM,
  'exec',
  'turbo',
  'run',
  'build',
  '--output-logs=errors-only',
  '--log-prefix=none',
]);
const demo = spawnSync(
  process.execPath,
  ['apps/autopilot/dist/main.js', 'demo', ...process.argv.slice(2)],
  options,
);
process.exit(demo.status ?? 1);
