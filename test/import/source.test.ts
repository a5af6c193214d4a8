// TextSource: pieces that end at line ends, in any of the encodings, decode to exactly
// the file's text; an ASCII piece's bytes stay where `asciiAt` says until the next read.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileSource, TextSource } from '../../app/import/source';
import { tempDir } from './helpers';

let t: ReturnType<typeof tempDir>;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.remove());

async function pieces(file: string, check?: (text: string, source: TextSource) => void): Promise<string[]> {
  const source = await FileSource.open(file, {});
  try {
    const text = new TextSource(source);
    const out: string[] = [];
    for (let piece = await text.next(); piece !== null; piece = await text.next()) {
      check?.(piece, text);
      out.push(piece);
    }
    return out;
  } finally {
    await source.close();
  }
}

/** Lines of varied length with letters of 1 to 4 UTF-8 bytes (and UTF-16 surrogate pairs). */
function sampleText(lines: number): string {
  const words = ['plain', 'café', 'Ünïcødé', '日本語テキスト', 'emoji 😀🎉', 'x'];
  let s = '';
  for (let i = 0; i < lines; i++) s += `${i},${words[i % words.length]?.repeat((i % 7) + 1)},${'-'.repeat(i % 50)}\n`;
  return s;
}

describe('TextSource', () => {
  it('UTF-8, UTF-8 with BOM, UTF-16 LE and BE: the pieces join to the text, each ending at a line end', async () => {
    const text = sampleText(60000);
    const encodings: [string, Buffer][] = [
      ['utf8.txt', Buffer.from(text, 'utf8')],
      ['bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])],
      ['le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])],
      ['be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()])],
    ];
    for (const [name, bytes] of encodings) {
      expect(bytes.length).toBeGreaterThan(3 << 20);
      const file = path.join(t.dir, name);
      writeFileSync(file, bytes);
      const got = await pieces(file);
      expect(got.length, name).toBeGreaterThan(2);
      expect(got.join('') === text, name).toBe(true);
      for (const p of got) expect(p.endsWith('\n'), name).toBe(true);
    }
  });

  it('a line longer than a chunk is cut between whole characters', async () => {
    const text = 'é'.repeat(900_000) + '😀'.repeat(300_000) + '\nend\n';
    const file = path.join(t.dir, 'long.txt');
    writeFileSync(file, text);
    expect((await pieces(file)).join('') === text).toBe(true);
  });

  it('an ASCII piece is found in the bytes at asciiAt until the next piece is read', async () => {
    const file = path.join(t.dir, 'ascii.csv');
    let text = '';
    for (let i = 0; i < 200_000; i++) text += `LICENSE-${i % 9},2026-10-${String((i % 28) + 1).padStart(2, '0')},user${i}@example.com\n`;
    writeFileSync(file, text);
    let checked = 0;
    const got = await pieces(file, (piece, source) => {
      expect(source.asciiAt).toBeGreaterThanOrEqual(0);
      const bytes = Buffer.from(source.bytes.buffer, source.bytes.byteOffset + source.asciiAt, piece.length);
      // Checked after the piece was handed out, as a reader would use it.
      expect(bytes.toString('latin1') === piece).toBe(true);
      checked++;
    });
    expect(checked).toBeGreaterThan(3);
    expect(got.join('') === text).toBe(true);
  });
});
