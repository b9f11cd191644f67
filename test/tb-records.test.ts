import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crc32c, maskCrc } from '../server/tensorboard/crc32c.js';
import { frameRecord, scanRecords } from '../server/tensorboard/records.js';

const FIXTURE = 'test/fixtures/tensorboard/pytorch-simple/run_1/events.out.tfevents.1622543341.janoshs-mbp.lan.86862.0';

describe('crc32c', () => {
  it('matches the published check values (RFC 3720 B.4 and the "123456789" check)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with a bit-at-a-time CRC-32C at every length and start (the 8-byte steps and the byte tail)', () => {
    const bitwise = (b: Uint8Array, start: number, end: number) => {
      let c = 0xffffffff;
      for (let i = start; i < end; i++) {
        c ^= b[i]!;
        for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
      }
      return (c ^ 0xffffffff) >>> 0;
    };
    const buf = Uint8Array.from({ length: 300 }, (_, i) => (i * 2654435761) >>> 24);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= 300; end++) expect(crc32c(buf, start, end)).toBe(bitwise(buf, start, end));
    }
  });

  it('masks as TFRecord does (rotate right 15, add 0xa282ead8)', () => {
    expect(maskCrc(0)).toBe(0xa282ead8);
    expect(maskCrc(0x00008000)).toBe(0xa282ead9);
    expect(maskCrc(0xffffffff)).toBe((0xffffffff + 0xa282ead8) >>> 0);
  });

  it('verifies every record of a file written by PyTorch', () => {
    const buf = readFileSync(FIXTURE);
    const scan = scanRecords(buf, 0);
    expect(scan.corrupt).toEqual([]);
    expect(scan.records).toHaveLength(101);
    expect(scan.next).toBe(buf.length);
    // Our framing of the same bytes is byte-identical to the writer's.
    expect(Buffer.concat(scan.records.map((r) => frameRecord(r.data))).equals(buf)).toBe(true);
  });
});

const rec = (s: string) => frameRecord(Buffer.from(s));

describe('scanRecords', () => {
  it('waits for an incomplete last record at every cut point, then reads it whole', () => {
    const whole = Buffer.concat([rec('first'), rec('second record')]);
    const firstLen = rec('first').length;
    for (let cut = firstLen; cut < whole.length; cut++) {
      const scan = scanRecords(whole.subarray(0, cut), 0);
      expect(scan.corrupt).toEqual([]);
      expect(scan.records.map((r) => Buffer.from(r.data).toString())).toEqual(['first']);
      expect(scan.next).toBe(firstLen);
    }
    const rest = scanRecords(whole.subarray(firstLen), firstLen);
    expect(rest.records.map((r) => [r.offset, Buffer.from(r.data).toString()])).toEqual([[firstLen, 'second record']]);
    expect(rest.next).toBe(whole.length);
  });

  it('skips a record whose data checksum is wrong and reports its offset', () => {
    const a = rec('aaaa');
    const b = rec('bbbb');
    b[12] ^= 0xff; // a data byte
    const c = rec('cccc');
    const scan = scanRecords(Buffer.concat([a, b, c]), 100);
    expect(scan.records.map((r) => Buffer.from(r.data).toString())).toEqual(['aaaa', 'cccc']);
    expect(scan.corrupt).toEqual([{ offset: 100 + a.length, skipped: b.length, reason: 'bad data checksum' }]);
  });

  it('resynchronises after a record whose length checksum is wrong', () => {
    const a = rec('aaaa');
    const b = rec('bbbbbbbb');
    b[0] = 200; // the length: its checksum no longer matches
    const c = rec('cccc');
    const scan = scanRecords(Buffer.concat([a, b, c]), 0);
    expect(scan.records.map((r) => Buffer.from(r.data).toString())).toEqual(['aaaa', 'cccc']);
    expect(scan.corrupt).toEqual([{ offset: a.length, skipped: b.length, reason: 'bad length checksum' }]);
    expect(scan.next).toBe(a.length + b.length + c.length);
  });

  it('keeps the last bytes after garbage, in case a good header is arriving there', () => {
    const a = rec('aaaa');
    const junk = Buffer.alloc(40, 7);
    const scan = scanRecords(Buffer.concat([a, junk]), 0);
    expect(scan.records).toHaveLength(1);
    expect(scan.corrupt).toHaveLength(1);
    expect(scan.next).toBe(a.length + junk.length - 11);
  });
});
