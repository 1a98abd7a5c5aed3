// Use cases: the bearer's profile image. An upload form (presigned POST) for one new object under
// uploads/; the check when an upload lands (size, and the file's own signature bytes); the image
// moved under images/ and shown, or the object deleted; and clearing it.
import { randomBytes } from 'node:crypto';
import type { FilesContext } from '../context/files';
import type { ImageUrlContext } from '../context/image-urls';
import type { UserProfile } from '../domain/user';
import { IMAGE_MAX_BYTES, IMAGE_TYPES, SIGNATURE_BYTES, isImageType, sniffImage } from '../domain/image';
import { TokenInvalid } from '../errors';
import { ACCESS } from '../tokens';
import { fail, ok, string, type Parsed } from '../validation';

/** How long an upload form can be used. */
export const UPLOAD_FORM_SECONDS = 300;
/** How long a presigned image URL in a profile stays valid (without PROFILE_IMAGE_BASE_URL). */
export const IMAGE_URL_SECONDS = 3600;

export const profileImageInput = {
  content_type: string({
    refine: (value) => (isImageType(value) ? ok(value) : fail(`Must be one of: ${IMAGE_TYPES.join(', ')}.`)),
  }),
};

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

// uploads/<user id>/<asked at, base 36>-<random>: who asked, and when (newer wins).
const UPLOAD_KEY = /^uploads\/([1-9][0-9]{0,15})\/([0-9a-z]{1,11})-([0-9a-f]{32})$/;

async function activeUser(ctx: FilesContext, accessToken: string): Promise<number> {
  const claims = await ctx.tokens.verify(accessToken, ACCESS);
  const user = await ctx.store.users.findUser(Number(claims.sub));
  if (!user?.is_active) throw new TokenInvalid('user missing or inactive');
  return user.id;
}

export async function requestImageUpload(
  ctx: FilesContext,
  accessToken: string,
  input: Parsed<typeof profileImageInput>,
): Promise<UploadForm> {
  const userId = await activeUser(ctx, accessToken);
  const key = `uploads/${userId}/${Date.now().toString(36)}-${randomBytes(16).toString('hex')}`;
  return ctx.files.uploadForm({ key, contentType: input.content_type, maxBytes: IMAGE_MAX_BYTES, expiresSeconds: UPLOAD_FORM_SECONDS });
}

export async function clearProfileImage(ctx: FilesContext, accessToken: string): Promise<void> {
  const userId = await activeUser(ctx, accessToken);
  const removed = await ctx.store.profiles.clearImage(userId, Date.now());
  if (removed) await ctx.files.remove(removed);
}

/**
 * What GET /api/auth/me/ shows as `profile_image`: the uploaded image's URL; else what the profile
 * holds (a path imported from Django's ImageField, or null).
 */
export async function profileImageOf(ctx: ImageUrlContext, user: UserProfile): Promise<string | null> {
  return user.profile_image_key ? ctx.imageUrls.url(user.profile_image_key, IMAGE_URL_SECONDS) : user.profile_image;
}

export type Landing = 'accepted' | 'rejected' | 'superseded' | 'ignored';

/**
 * An object landed under uploads/ (S3's notification on AWS; the local stack's equivalent). It
 * becomes the profile image only if it is at most 2 MB and its first bytes are a PNG, JPEG or
 * WebP signature; anything else is deleted. Local S3 servers do not enforce the POST policy, so
 * this check is what holds there; on AWS it is the second line.
 */
export async function acceptUploadedImage(ctx: FilesContext, key: string): Promise<Landing> {
  const match = UPLOAD_KEY.exec(key);
  if (!match) {
    ctx.log.warn('upload with an unexpected key ignored', { key });
    return 'ignored';
  }
  const [, user, stamp, id] = match;
  const userId = Number(user);
  const landed = await ctx.files.inspect(key, SIGNATURE_BYTES);
  if (!landed) return 'ignored';
  const type = landed.size <= IMAGE_MAX_BYTES ? sniffImage(landed.head) : undefined;
  if (!type) {
    await ctx.files.remove(key);
    ctx.log.warn('security event: upload rejected', { event: 'upload_rejected', user_id: userId, size: landed.size });
    return 'rejected';
  }
  const image = `images/${userId}/${stamp}-${id}`;
  await ctx.files.copy(key, image, type);
  await ctx.files.remove(key);
  const outcome = await ctx.store.profiles.setImage(userId, image, parseInt(stamp!, 36));
  if (outcome === 'refused') {
    await ctx.files.remove(image);
    return 'superseded';
  }
  if (outcome.replaced) await ctx.files.remove(outcome.replaced);
  ctx.log.info('profile image set', { event: 'profile_image_set', user_id: userId });
  return 'accepted';
}
