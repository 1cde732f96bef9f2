import { ActionError, type ErrorCode } from '../../../src/errors.js';
import { groupFailures } from '../../../src/report/failure-groups.js';

const outage = (file: string, seconds: string): { file: string; error: ActionError } => ({
  file,
  error: new ActionError(
    'TLOG_FAILED',
    `Rekor (POST https://rekor.example/api/v1/log/entries) did not answer within the run's deadline of 6 s (1 attempt; last: no complete answer within ${seconds} s).`,
  ),
});

describe('failures grouped by cause', () => {
  const group = (
    items: { file: string; error: ActionError }[],
  ): { code: ErrorCode; files: string[] }[] =>
    groupFailures(
      items,
      (i) => i.error,
      (i) => [i.file],
    ).map((g) => ({ code: g.error.code, files: g.items.map((i) => i.file) }));

  it('takes one outage, whose messages differ in timings only, as one cause', () => {
    expect(group([outage('a', '5.8'), outage('b', '5.7'), outage('c', '5.9')])).toEqual([
      { code: 'TLOG_FAILED', files: ['a', 'b', 'c'] },
    ]);
  });

  it('keeps apart other codes, other messages, and messages that name their own file', () => {
    expect(
      group([
        outage('a', '5.8'),
        { file: 'b', error: new ActionError('TSA_FAILED', 'the timestamp authority failed') },
        outage('c', '5.7'),
        {
          file: 'dist/f-1.txt',
          error: new ActionError('FILE_UNREADABLE', 'cannot read dist/f-1.txt'),
        },
        {
          file: 'dist/f-2.txt',
          error: new ActionError('FILE_UNREADABLE', 'cannot read dist/f-2.txt'),
        },
        { file: 'd', error: new ActionError('TLOG_FAILED', 'Rekor refused the request: HTTP 400') },
      ]),
    ).toEqual([
      { code: 'TLOG_FAILED', files: ['a', 'c'] },
      { code: 'TSA_FAILED', files: ['b'] },
      { code: 'FILE_UNREADABLE', files: ['dist/f-1.txt'] },
      { code: 'FILE_UNREADABLE', files: ['dist/f-2.txt'] },
      { code: 'TLOG_FAILED', files: ['d'] },
    ]);
  });
});
