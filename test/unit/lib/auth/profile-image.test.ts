// The landing check of a profile-image upload, with the bucket and the store stubbed: what is kept,
// what is deleted, and which image wins when uploads land out of order.
import { describe, expect, it, vi } from 'vitest';
import { acceptUploadedImage } from '../../../../lib/auth/profile-image';
import { IMAGE_MAX_BYTES } from '../../../../lib/domain/image';
import type { Files } from '../../../../lib/files/s3';
import { unitContext } from '../../../support/unit-context';

const PNG_HEAD = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const KEY = `uploads/42/${(1_800_000_000_000).toString(36)}-${'ab'.repeat(16)}`;
const IMAGE = KEY.replace('uploads/', 'images/');

async function context(landed: { size: number; head: Uint8Array } | undefined, outcome: { replaced?: string } | 'refused' = {}) {
  const files = { inspect: vi.fn(async () => landed), copy: vi.fn(async () => undefined), remove: vi.fn(async () => undefined) };
  const setImage = vi.fn(async () => outcome);
  const ctx = { ...(await unitContext({ profiles: { setImage } })), files: files as unknown as Files };
  return { ctx, files, setImage };
}

describe('acceptUploadedImage', () => {
  it('copies an image to images/, deletes the upload, shows it, and deletes the image it replaced', async () => {
    const { ctx, files, setImage } = await context({ size: 100, head: PNG_HEAD }, { replaced: 'images/42/old' });
    expect(await acceptUploadedImage(ctx, KEY)).toBe('accepted');
    expect(files.copy).toHaveBeenCalledWith(KEY, IMAGE, 'image/png');
    expect(setImage).toHaveBeenCalledWith(42, IMAGE, 1_800_000_000_000);
    expect(files.remove.mock.calls).toEqual([[KEY], ['images/42/old']]);
  });

  it.each([
    ['larger than 2 MB', { size: IMAGE_MAX_BYTES + 1, head: PNG_HEAD }],
    ['not an image by its bytes', { size: 100, head: new TextEncoder().encode('<svg onload=') }],
    ['empty', { size: 0, head: new Uint8Array() }],
  ])('deletes an upload that is %s, and never shows it', async (_, landed) => {
    const { ctx, files, setImage } = await context(landed);
    expect(await acceptUploadedImage(ctx, KEY)).toBe('rejected');
    expect(files.remove.mock.calls).toEqual([[KEY]]);
    expect(files.copy).not.toHaveBeenCalled();
    expect(setImage).not.toHaveBeenCalled();
  });

  it('deletes its own copy when an image asked for later is already shown', async () => {
    const { ctx, files } = await context({ size: 100, head: PNG_HEAD }, 'refused');
    expect(await acceptUploadedImage(ctx, KEY)).toBe('superseded');
    expect(files.remove.mock.calls).toEqual([[KEY], [IMAGE]]);
  });

  it.each(['images/42/x', 'uploads/42/../43/x', 'uploads/0/abc-00', `uploads/42/${'z'.repeat(12)}-${'ab'.repeat(16)}`, 'other'])(
    'ignores a key it never hands out (%s) without touching the bucket',
    async (key) => {
      const { ctx, files } = await context({ size: 100, head: PNG_HEAD });
      expect(await acceptUploadedImage(ctx, key)).toBe('ignored');
      expect(files.inspect).not.toHaveBeenCalled();
    },
  );

  it('ignores an upload that is already gone (a repeated notification)', async () => {
    const { ctx, files } = await context(undefined);
    expect(await acceptUploadedImage(ctx, KEY)).toBe('ignored');
    expect(files.remove).not.toHaveBeenCalled();
  });
});
