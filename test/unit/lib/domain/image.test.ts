// What a file is, from its own first bytes: PNG, JPEG and WebP, nothing else, whatever its name or declared type.
import { describe, expect, it } from 'vitest';
import { isImageType, sniffImage } from '../../../../lib/domain/image';

const bytes = (...parts: (number[] | string)[]) =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

describe('sniffImage', () => {
  it('knows PNG, JPEG and WebP by their signatures', () => {
    expect(sniffImage(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('image/png');
    expect(sniffImage(bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe('image/jpeg');
    expect(sniffImage(bytes('RIFF', [0x24, 0, 0, 0], 'WEBP'))).toBe('image/webp');
  });

  it('refuses everything else: text, SVG, GIF, HTML, a RIFF that is not WebP, a truncated signature, nothing', () => {
    for (const file of [
      bytes('hello world!'),
      bytes('<svg xmlns="'),
      bytes('GIF89a', [1, 0, 1, 0]),
      bytes('<html><body>'),
      bytes('RIFF', [0x24, 0, 0, 0], 'WAVE'),
      bytes([0x89], 'PN'),
      bytes([0xff, 0xd8]),
      new Uint8Array(),
    ]) {
      expect(sniffImage(file)).toBeUndefined();
    }
  });
});

describe('isImageType', () => {
  it('accepts the three types only', () => {
    expect(['image/png', 'image/jpeg', 'image/webp'].every(isImageType)).toBe(true);
    for (const type of ['image/gif', 'image/svg+xml', 'text/html', 'IMAGE/PNG', 'image/png; charset=x'])
      expect(isImageType(type)).toBe(false);
  });
});
