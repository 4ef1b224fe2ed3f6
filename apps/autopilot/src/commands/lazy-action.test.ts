import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CommandContext } from './index.ts';
import { lazyAction } from './lazy-action.ts';

const context: CommandContext = {
  output: { stdout: () => {}, stderr: () => {} },
  env: {},
  cwd: '/',
  result: { exitCode: 0 },
};

describe('lazyAction', () => {
  it('loads the implementation only when its command runs, and hands it the context and the parsed input', async () => {
    const loaded: string[] = [];
    const calls: unknown[][] = [];
    const program = new Command('dalio').exitOverride();
    program
      .command('greet <name>')
      .option('--loud')
      .action(
        lazyAction(context, async () => {
          loaded.push('greet');
          return async (ctx: CommandContext, name: string, flags: { loud?: boolean }) => {
            calls.push([ctx, name, flags]);
          };
        }),
      );
    program.command('other').action(
      lazyAction(context, async () => {
        loaded.push('other');
        return async () => {};
      }),
    );

    expect(program.helpInformation()).toContain('greet [options] <name>');
    expect(loaded).toEqual([]);
    await program.parseAsync(['greet', 'ada', '--loud'], { from: 'user' });
    expect(loaded).toEqual(['greet']);
    expect(calls).toEqual([[context, 'ada', { loud: true }]]);
  });
});
