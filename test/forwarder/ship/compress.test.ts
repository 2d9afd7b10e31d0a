import { compress, decompress } from '../../../forwarder/ship/compress.js';
import { gunzipSync, inflateSync } from 'node:zlib';

describe('compress', () => {
  const text = JSON.stringify({ series: [{ metric: 'a.b', points: [[1, [1, 2, 3]]], tags: ['env:prod', 'région:é'] }] });

  it.each(['gzip', 'deflate', 'identity'] as const)('round-trips %s', (encoding) => {
    const body = compress(text, encoding);
    expect(decompress(body, encoding).toString('utf8')).toBe(text);
  });

  it('writes real gzip and real zlib deflate (what the Content-Encoding header promises)', () => {
    expect(compress(text, 'gzip').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(gunzipSync(compress(text, 'gzip')).toString()).toBe(text);
    expect(inflateSync(compress(text, 'deflate')).toString()).toBe(text);
    expect(() => gunzipSync(compress(text, 'deflate'))).toThrow();
  });
});
