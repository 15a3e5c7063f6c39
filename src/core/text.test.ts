import { describe, expect, it } from 'vitest';
import { isUnreadableText, readability } from './text.js';

describe('readability', () => {
  it.each([
    ['database connection refused', 'readable'],
    ['2026/11/22 03:04:05 [error] 1234#0: *5 connect() failed (111: Connection refused)', 'readable'],
    ['10.0.0.1 - - [22/Nov/2026:03:04:05 +0000] "GET /health HTTP/1.1" 200 2', 'readable'],
    // A Latin-1 name in a UTF-8 log, colour escapes, other scripts: still a person's words.
    ['login failed for M\ufffdller', 'readable'],
    ['\u001b[1m\u001b[31mFAIL\u001b[0m deploy aborted', 'readable'],
    ['Ошибка подключения к базе', 'readable'],
    ['エラー: データベース接続失敗', 'readable'],
    // No word of three letters.
    ['12 34 56', 'wordless'],
    ['}', 'wordless'],
    ['ok', 'wordless'],
    ['Qx.3!', 'wordless'],
    // Control characters and replacement characters: bytes, not text.
    ['\ufffd\ufffd\ufffd', 'binary'],
    ['\u0001\u0002\ufffd\ufffdK\u0003\ufffd down \u0007\ufffd', 'binary'],
    ['T\ufffd@nEPACL\ufffd\u0002', 'binary'],
  ])('%j is %s', (text, expected) => {
    expect(readability(text)).toBe(expected);
    expect(isUnreadableText(text)).toBe(expected !== 'readable');
  });
});
