import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDalio } from '../test/run-cli.ts';

// Every command of the runbook exists: each `dalio …` and `scripts/….sh` line of its shell blocks, and each
// `dalio …` it names inline, is run with --help, which must list the subcommand and every flag the runbook uses.
const ROOT = new URL('../../../', import.meta.url).pathname;
const RUNBOOK = readFileSync(join(ROOT, 'docs/INCIDENT_RESPONSE.md'), 'utf8');

/** The command lines of the runbook, without the `as_dalio` wrapper of the setup. */
function runbookCommands(): string[] {
  const fromBlocks = [...RUNBOOK.matchAll(/^ *```sh\n([\s\S]*?)^ *```/gm)]
    .flatMap((block) => (block[1] ?? '').split('\n'))
    .map((line) => line.trim().replace(/^as_dalio /, ''))
    .filter((line) => line.startsWith('dalio ') || line.startsWith('scripts/'));
  const inline = [...RUNBOOK.matchAll(/`((?:as_dalio )?(?:dalio|scripts\/[a-z-]+\.sh) [^`]+)`/g)].map(
    (match) => (match[1] ?? '').replace(/^as_dalio /, ''),
  );
  // `dalio …` in the prose means "any dalio command".
  return [...new Set([...fromBlocks, ...inline])].filter((line) => !line.includes('…'));
}

/** The leading words of a command (the subcommand path) and every flag it uses. */
function parse(line: string): { program: string; words: string[]; flags: string[] } {
  const [program = '', ...tokens] = line.replace(/\s+#.*$/, '').split(/\s+/);
  const words: string[] = [];
  for (const token of tokens) {
    if (!/^[a-z][a-z-]*$/.test(token)) break;
    words.push(token);
  }
  const flags = [...line.replace(/\s+#.*$/, '').matchAll(/(?<=\s)--[a-z][a-z-]*/g)].map((match) => match[0]);
  return { program, words, flags: [...new Set(flags)] };
}

const commands = runbookCommands();

describe('docs/INCIDENT_RESPONSE.md', () => {
  it('has its commands where the test finds them: every incident, the scripts and the backup commands', () => {
    for (const heading of [
      'Broker outage',
      'Corrupt state',
      'Lost machine',
      'Emergency stop',
      'Leaked API keys',
      'Suspected duplicate orders',
    ]) {
      expect(RUNBOOK).toContain(`## ${heading}`);
    }
    for (const expected of [
      'scripts/emergency-shutdown.sh',
      'scripts/recover-state.sh',
      'scripts/health-check.sh',
      'dalio backup restore',
      'dalio backup drill',
      'dalio halt',
    ]) {
      expect(
        commands.some((line) => line.startsWith(expected)),
        expected,
      ).toBe(true);
    }
  });

  it.each(commands)('%s: exists and knows every flag the runbook gives it', async (line) => {
    const { program, words, flags } = parse(line);
    let help: string;
    if (program === 'dalio') {
      // Words after the subcommand may be its arguments (`restore latest`): the longest path that is a command.
      let run = await runDalio([...words, '--help']);
      while (words.length > 1 && !run.stdout.includes(`Usage: dalio ${words.join(' ')} `)) {
        words.pop();
        run = await runDalio([...words, '--help']);
      }
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Usage: dalio ${words.join(' ')} `);
      if (parse(line).words.length > words.length) {
        // What was dropped must be an argument this command takes, not an unknown subcommand.
        expect(run.stdout.split('\n')[0], line).toMatch(/(\[(?!options\]|command\])[a-z-]+\]|<[a-z-]+>)/);
      }
      help = run.stdout;
    } else {
      const run = spawnSync(join(ROOT, program), ['--help'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stdout).toContain(`Usage: ${program}`);
      help = run.stdout;
    }
    for (const flag of flags) expect(help, `${line}: ${flag}`).toContain(flag);
  });
});
