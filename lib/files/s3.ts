// The profile-image bucket: presigned POST uploads (the size and type enforced by the POST policy),
// reading what landed, moving and deleting objects. The only importer of the AWS SDK's S3 packages;
// the URL an image is shown at needs none of them (lib/files/image-urls.ts).
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import type { Config } from '../config';
import { ServiceUnavailable } from '../errors';
import { localS3Credentials } from './local-s3';

export type FileSettings = Pick<Config, 'files' | 'region'>;

export interface UploadForm {
  url: string;
  fields: Record<string, string>;
}

export interface UploadPolicy {
  key: string;
  contentType: string;
  maxBytes: number;
  expiresSeconds: number;
}

const isMissing = (error: unknown) => ['NotFound', 'NoSuchKey'].includes((error as { name?: string } | null)?.name ?? '');

export function openFiles({ files, region }: FileSettings) {
  const { bucket, s3Endpoint } = files;
  const credentials = localS3Credentials(s3Endpoint);
  const client = new S3Client({
    region,
    endpoint: s3Endpoint,
    // A local S3 server answers at one address for every bucket, and takes any credentials.
    ...(s3Endpoint ? { forcePathStyle: true } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: 2,
  });
  const fail = (what: string) => (error: unknown) => {
    throw new ServiceUnavailable(`S3 ${what}: ${(error as { name?: string } | null)?.name ?? 'unknown error'}`, { cause: error });
  };

  return {
    bucket,

    /** A form the browser posts the file with; S3 refuses another key, type or a larger file. */
    async uploadForm({ key, contentType, maxBytes, expiresSeconds }: UploadPolicy): Promise<UploadForm> {
      return createPresignedPost(client, {
        Bucket: bucket,
        Key: key,
        Fields: { 'Content-Type': contentType },
        Conditions: [
          ['content-length-range', 1, maxBytes],
          ['eq', '$Content-Type', contentType],
          ['eq', '$key', key],
        ],
        Expires: expiresSeconds,
      }).catch(fail('presign'));
    },

    /** The object's size and its first bytes (its signature), or undefined if it is not there. */
    async inspect(key: string, headBytes: number): Promise<{ size: number; head: Uint8Array } | undefined> {
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        const size = head.ContentLength ?? 0;
        if (size === 0) return { size, head: new Uint8Array() };
        const first = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${headBytes - 1}` }));
        const bytes = (await first.Body?.transformToByteArray()) ?? new Uint8Array();
        return { size, head: bytes.subarray(0, headBytes) };
      } catch (error) {
        if (isMissing(error)) return undefined;
        return fail('inspect')(error);
      }
    },

    async copy(from: string, to: string, contentType: string): Promise<void> {
      await client
        .send(
          new CopyObjectCommand({
            Bucket: bucket,
            Key: to,
            CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
            ContentType: contentType,
            MetadataDirective: 'REPLACE',
          }),
        )
        .catch(fail('copy'));
    },

    async remove(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch(fail('delete'));
    },
  };
}

export type Files = ReturnType<typeof openFiles>;
