/**
 * `pnpm bench`: the web app's JavaScript, gzipped, against its 250 KB budget. (The API under load is measured
 * in the production layout by apps/autopilot/bench/dashboard-load.bench.ts.) Not a test.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emit } from '../../../bench/figure.ts';
import { BUILT_WEB_DIR } from './server/web-routes.ts';

const BUDGET_GZIP_BYTES = 250 * 1024;

/** The gzipped size of every JavaScript file the app loads. */
async function appJavaScriptGzipBytes(): Promise<{ files: number; bytes: number; gzipBytes: number }> {
  const dir = join(BUILT_WEB_DIR, 'assets');
  const names = (await readdir(dir)).filter((name) => name.endsWith('.js'));
  let bytes = 0;
  let gzipBytes = 0;
  for (const name of names) {
    const content = await readFile(join(dir, name));
    bytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { files: names.length, bytes, gzipBytes };
}

const size = await appJavaScriptGzipBytes();
const within = size.gzipBytes <= BUDGET_GZIP_BYTES;
console.log(
  `dashboard app JavaScript: ${size.files} file(s), ${(size.bytes / 1024).toFixed(1)} KB, ${(size.gzipBytes / 1024).toFixed(1)} KB gzipped — budget ${BUDGET_GZIP_BYTES / 1024} KB: ${within ? 'within' : 'OVER'}`,
);

emit({
  id: 'dashboard.js-gzip',
  label: 'dashboard JavaScript, gzipped',
  unit: 'KB',
  median: size.gzipBytes / 1024,
  spread: `${size.files} file(s), ${(size.bytes / 1024).toFixed(0)} KB raw`,
  samples: 1,
  baseline: null,
  budget: { text: `< ${BUDGET_GZIP_BYTES / 1024} KB`, ok: within },
});
