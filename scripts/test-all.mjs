#!/usr/bin/env node
// The one test command (`npm test` or `pnpm test`): installs what the tests need, then runs lint, the
// boundary check, type checks, the build, every package's tests and the plain-Node examples.
// Ends with a "N passed, N failed" line summed over every package's Vitest results.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    summarise(false);
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

// `dalio checklist` reads this: the result of the whole run, tied to the commit it ran on.
function recordResult(result) {
  const git = (args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = git(['rev-parse', 'HEAD']);
  const status = git(['status', '--porcelain']);
  mkdirSync(join(root, '.dalio'), { recursive: true });
  const record = {
    ...result,
    commit: head.status === 0 ? head.stdout.trim() : null,
    dirty: status.status === 0 && status.stdout.trim() !== '',
    finishedAt: new Date().toISOString(),
    node: process.version,
  };
  writeFileSync(join(root, '.dalio', 'test-result.json'), `${JSON.stringify(record, null, 2)}\n`);
}

function summarise(ok) {
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
  recordResult({ ok: ok && failed === 0, passed, failed, skipped });
}

// The dashboard's browser tests drive Debian's `chromium` with playwright-core: install it when it is missing.
// Only where that is impossible (no root or sudo, no apt-get) and not on CI are they skipped, and said so.
function ensureChromium() {
  const onPath = (name) =>
    (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, name)));
  if (onPath('chromium') || onPath('chromium-browser')) return;
  const install = 'apt-get update && apt-get install -y --no-install-recommends chromium';
  if (existsSync('/usr/bin/apt-get') && process.getuid?.() === 0)
    return run('install chromium', 'sh', ['-c', install]);
  if (existsSync('/usr/bin/apt-get') && spawnSync('sudo', ['-n', 'true']).status === 0)
    return run('install chromium', 'sudo', ['-n', 'sh', '-c', install]);
  if (ci) {
    console.error(
      '✖ chromium is missing and cannot be installed (needs apt-get as root or passwordless sudo)',
    );
    process.exit(1);
  }
  console.warn(
    '⚠ chromium is missing and cannot be installed here: the dashboard browser tests are skipped.',
  );
  console.warn('  Install it (sudo apt-get install chromium) and run npm test again to run them.');
  process.env.DALIO_BROWSER_TESTS = 'unavailable';
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
ensureChromium();
run('tests', 'npx', [...PNPM, 'exec', 'turbo', 'run', 'test', '--concurrency=2', '--output-logs=new-only']);
run('plain Node examples against the built packages', 'npx', [
  ...PNPM,
  '--filter',
  '@dalio-lite/examples',
  'test',
]);
summarise(true);
