import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopOnSignals } from './stop-signals.ts';

describe('stopOnSignals', () => {
  it('aborts on the first SIGTERM and exits with 143 on a second', () => {
    const source = new EventEmitter();
    const exits: number[] = [];
    const stop = stopOnSignals({ source, exit: (code) => exits.push(code) });
    source.emit('SIGTERM', 'SIGTERM');
    expect(stop.signal.aborted).toBe(true);
    expect(exits).toEqual([]);
    source.emit('SIGTERM', 'SIGTERM');
    expect(exits).toEqual([143]);
  });

  it('exits with 130 on a second SIGINT, and stops listening once disposed', () => {
    const source = new EventEmitter();
    const exits: number[] = [];
    const stop = stopOnSignals({ source, exit: (code) => exits.push(code) });
    source.emit('SIGINT', 'SIGINT');
    source.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([130]);
    stop.dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });
});
