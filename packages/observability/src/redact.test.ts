import { describe, expect, it } from 'vitest';
import { createRedactor, REDACTED } from './redact.ts';

describe('redactor', () => {
  const redactor = createRedactor(['PKABCDEFGH123456', 'se"cret\\value/99', null, 'short']);

  it('replaces secret values, their JSON-escaped forms and URL passwords in text', () => {
    expect(redactor.scrubText('key PKABCDEFGH123456 in "se\\"cret\\\\value/99"')).toBe(
      `key ${REDACTED} in "${REDACTED}"`,
    );
    expect(redactor.scrubText('smtp://u:p4ss@host:25 and https://a:b@c/d')).toBe(
      `smtp://u:${REDACTED}@host:25 and https://a:${REDACTED}@c/d`,
    );
    // Too short to search for safely: left alone.
    expect(redactor.scrubText('a short word')).toBe('a short word');
  });

  it('replaces the values of secret-named fields at any depth, Errors and cycles included', () => {
    const error = Object.assign(new Error('boom PKABCDEFGH123456'), {
      config: { headers: { authorization: 'Bearer x' } },
    });
    const circular: Record<string, unknown> = {
      token: 't',
      nested: { 'X-Api-Key': 'k', list: [{ password: 'p' }] },
    };
    circular.self = circular;
    expect(redactor.scrubValue({ err: error, circular })).toMatchObject({
      err: { message: `boom ${REDACTED}`, config: { headers: { authorization: REDACTED } } },
      circular: {
        token: REDACTED,
        nested: { 'X-Api-Key': REDACTED, list: [{ password: REDACTED }] },
        self: '[circular]',
      },
    });
  });
});
