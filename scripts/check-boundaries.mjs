#!/usr/bin/env node
// Enforces DESIGN.md §1 and the house rules that a type checker cannot see:
//  - packages/core imports nothing but its own files (no node: modules, no packages);
//  - no package imports an app; packages never read process.env and never write to the console.
// Exits 1 with one line per violation.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const APPS = ['@dalio-lite/autopilot', '@dalio-lite/dashboard'];
const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm;

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !/\.(test|bench)\.tsx?$/.test(entry.name)) yield path;
  }
}

const violations = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const src = join(root, 'packages', pkg, 'src');
  let files;
  try {
    files = [...sourceFiles(src)];
  } catch {
    continue;
  }
  for (const file of files) {
    // Comments may mention process.env or console; only code counts.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const where = relative(root, file);
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3];
      if (pkg === 'core' && !specifier.startsWith('.')) {
        violations.push(`${where}: core may import only its own files, found "${specifier}"`);
      }
      if (APPS.some((app) => specifier === app || specifier.startsWith(`${app}/`))) {
        violations.push(`${where}: a package must not import an app, found "${specifier}"`);
      }
    }
    if (/\bprocess\.env\b/.test(text))
      violations.push(`${where}: packages never read process.env; take an option instead`);
    if (/\bconsole\.(log|info|warn|error|debug)\(/.test(text)) {
      violations.push(`${where}: packages never log to the console; report through an onEvent callback`);
    }
  }
}

if (violations.length > 0) {
  for (const line of violations) console.error(`boundaries: ${line}`);
  process.exit(1);
}
console.log('boundaries: ok');
