import { LineSplitter } from './line-splitter';

describe('LineSplitter', () => {
  it('joins lines across chunks and skips empty lines', () => {
    const s = new LineSplitter(100);
    expect(s.push(Buffer.from('{"a":1}\n{"b"'))).toEqual(['{"a":1}']);
    expect(s.push(Buffer.from(':2}\n\n{"c":3}'))).toEqual(['{"b":2}']);
    expect(s.push(Buffer.from('\n'))).toEqual(['{"c":3}']);
  });

  it('drops an oversized line, whole or split across chunks, and resumes at the next one', () => {
    const s = new LineSplitter(10);
    expect(s.push(Buffer.from('x'.repeat(30) + '\nok\n'))).toEqual(['ok']);
    expect(s.push(Buffer.from('y'.repeat(8)))).toEqual([]);
    expect(s.push(Buffer.from('y'.repeat(8)))).toEqual([]);
    expect(s.push(Buffer.from('yy\nfine\n'))).toEqual(['fine']);
    expect(s.oversized).toBe(2);
  });

  it('keeps multibyte UTF-8 split across chunks intact', () => {
    const s = new LineSplitter(100);
    const bytes = Buffer.from('"hôst"\n');
    expect([...s.push(bytes.subarray(0, 3)), ...s.push(bytes.subarray(3))]).toEqual(['"hôst"']);
  });
});

describe('LineSplitter, many lines in one chunk', () => {
  it('returns what a line-at-a-time split returns, around oversized and empty lines and invalid UTF-8', () => {
    const s = new LineSplitter(8);
    const chunk = Buffer.concat([Buffer.from('a\n\nhôst\n'), Buffer.from([0x68, 0xc3, 0x0a]), Buffer.from('x'.repeat(9) + '\n12345678\nlast\n\ntail')]);
    expect(s.push(chunk)).toEqual(['a', 'hôst', 'h\ufffd', '12345678', 'last']);
    expect(s.oversized).toBe(1);
    expect(s.push(Buffer.from('\n'))).toEqual(['tail']);
  });
});
