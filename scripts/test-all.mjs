#!/usr/bin/env node
// The one test command (`npm test` or `pnpm test`): installs what the tests need, then runs lint, the
// boundary check, type checks, the build, every package's tests and the plain-Node examples.
// Ends with a "N passed, N failed" line summed over every package's Vitest results.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const PNPM = ['--yes', 'pnpm@10.34.8'];
const ci = Boolean(process.env.CI);

function run(title, command, args, options = {}) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, FORCE_COLOR: ci ? '0' : '1' },
    ...options,
  });
  if (result.status !== 0) {
    console.error(`✖ ${title} failed (exit ${result.status ?? result.signal})`);
    summarise();
    process.exit(result.status || 1);
  }
}

function workspaceDirs() {
  return ['packages', 'apps'].flatMap((group) =>
    existsSync(join(root, group))
      ? readdirSync(join(root, group)).map((name) => join(root, group, name))
      : [],
  );
}

function summarise() {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const dir of workspaceDirs()) {
    const file = join(dir, '.vitest', 'results.json');
    if (!existsSync(file)) continue;
    const results = JSON.parse(readFileSync(file, 'utf8'));
    passed += results.numPassedTests ?? 0;
    failed += results.numFailedTests ?? 0;
    skipped += (results.numPendingTests ?? 0) + (results.numTodoTests ?? 0);
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
}

for (const dir of workspaceDirs()) rmSync(join(dir, '.vitest'), { recursive: true, force: true });
run('install dependencies', 'npx', [...PNPM, 'install', ...(ci ? ['--frozen-lockfile'] : [])]);
run('lint and format (biome)', 'npx', [...PNPM, 'exec', 'biome', 'ci', '.']);
run('package boundaries', process.execPath, ['scripts/check-boundaries.mjs']);
run('type checks and build', 'npx', [
  ...PNPM,
  'exec',
  'turbo',
  'run',
  'check-types',
  'build',
  '--output-logs=errors-only',
]);
run('tests', 'npx', [...PNPM, 'exec', 'turbo', 'run', 'test', '--concurrency=2', '--output-logs=new-only']);
run('plain Node examples against the built packages', 'npx', [
  ...PNPM,
  '--filter',
  '@dalio-lite/examples',
  'test',
]);
summarise();
