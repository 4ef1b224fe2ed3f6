#!/usr/bin/env node
// The main job (`npm start`): installs the workspace with pnpm (fetched by npx, no global install needed)
// and runs the demo. Extra arguments go to the demo.
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const PNPM = ['--yes', 'pnpm@10.34.8'];
const options = { cwd: root, stdio: 'inherit' };

const install = spawnSync('npx', [...PNPM, 'install', '--reporter=silent'], options);
if (install.status !== 0) process.exit(install.status ?? 1);
const demo = spawnSync('npx', [...PNPM, '--silent', 'run', 'demo', ...process.argv.slice(2)], options);
process.exit(demo.status ?? 1);
