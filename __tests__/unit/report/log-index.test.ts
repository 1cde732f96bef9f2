import { logIndexOutput } from '../../../src/report/log-index.js';

describe('the log index in the results outputs', () => {
  it('is a JSON number while a double holds it exactly', () => {
    expect(logIndexOutput('0')).toBe(0);
    expect(logIndexOutput('771488337')).toBe(771488337);
    expect(logIndexOutput(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    expect(JSON.stringify({ logIndex: logIndexOutput('771488337') })).toBe(
      '{"logIndex":771488337}',
    );
  });

  it('past 2^53 - 1, the exact digits as a string, never a rounded number', () => {
    const big = '9007199254740993'; // 2^53 + 1: as a double, 9007199254740992
    expect(logIndexOutput(big)).toBe(big);
    expect(logIndexOutput('9223372036854775807')).toBe('9223372036854775807');
  });

  it('is absent when there is no index', () => {
    expect(logIndexOutput(undefined)).toBeUndefined();
    expect(logIndexOutput('')).toBeUndefined();
  });
});
