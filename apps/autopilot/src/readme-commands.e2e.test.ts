import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Every `dalio` command line of the README is run: with --help, checking that the subcommand exists and
// knows every flag the README gives it; the backtest examples for real.
const ROOT = new URL('../../../', import.meta.url).pathname;
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/** `./dalio …` lines of the README's shell blocks, and the first cell of its command table. */
function readmeCommands(): string[] {
  const fromBlocks = [...README.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((block) => (block[1] ?? '').split('\n'))
    .map((line) => line.trim())
    .filter((line) => line.startsWith('./dalio '));
  const fromTable = [...README.matchAll(/^\| `(dalio [^`]+)`(?: \/ `(dalio [^`]+)`)? +\|/gm)].flatMap((row) =>
    [row[1], row[2]].filter((cell): cell is string => cell !== undefined),
  );
  return [...fromBlocks, ...fromTable.map((cell) => `./${cell.replace(/\\\|/g, '|')}`)];
}

/** The subcommand words and the flags of one command line. */
function parse(line: string): { words: string[]; flags: string[] } {
  const tokens = line.replace(/^\.\/dalio /, '').split(/\s+/);
  const words: string[] = [];
  for (const token of tokens) {
    if (!/^[a-z][a-z-]*$/.test(token)) break;
    words.push(token);
  }
  const flags = [...line.matchAll(/--[a-z][a-z-]*/g)].map((match) => match[0]);
  return { words, flags: [...new Set(flags)] };
}

function dalio(args: readonly string[], cwd = ROOT) {
  return spawnSync(join(ROOT, 'dalio'), args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: mkdtempSync(join(tmpdir(), 'dalio-readme-')) },
  });
}

const commands = readmeCommands();

describe('the README’s dalio commands', () => {
  it('are found (the README keeps its commands in shell blocks and the command table)', () => {
    expect(commands.length).toBeGreaterThanOrEqual(14);
    expect(existsSync(join(ROOT, 'apps/autopilot/dist/main.js'))).toBe(true);
  });

  it.each(commands)('%s: the command exists and knows every flag the README gives it', (line) => {
    const { words, flags } = parse(line);
    const help = dalio([...words, '--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain(`Usage: dalio ${words.join(' ')}`);
    for (const flag of flags) expect(help.stdout, `${line}: ${flag}`).toContain(flag);
  });

  it('the backtest example writes its report and its CSV', () => {
    const line = commands.find((candidate) => candidate.includes('--report report.html'));
    expect(line).toBeDefined();
    const cwd = mkdtempSync(join(tmpdir(), 'dalio-readme-run-'));
    const run = dalio(line?.replace(/^\.\/dalio /, '').split(' ') ?? [], cwd);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'report.html'), 'utf8')).toContain('<table');
    expect(readFileSync(join(cwd, 'equity.csv'), 'utf8').split('\n')[0]).toMatch(/^date,/);
  });
});
