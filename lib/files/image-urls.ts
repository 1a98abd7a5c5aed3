// The URL a profile image is shown at: under the public base URL, or a presigned S3 GET made with
// the SigV4 signer alone. GET /api/auth/me/ makes one per call; the S3 client it would otherwise
// load (and its presigner) doubled what /me's bundle adds to a cold start (docs/benchmarks.md).
import { HttpRequest } from '@smithy/core/transport';
import type { Config } from '../config';
import { ServiceUnavailable } from '../errors';
import { awsSigner } from '../aws/signer';
import { localS3Credentials } from './local-s3';

export type ImageUrlSettings = Pick<Config, 'files' | 'region'>;

export interface ImageUrls {
  url(key: string, expiresSeconds: number): Promise<string>;
}

// S3's own escaping of a path segment: RFC 3986 unreserved characters stay, everything else is %XX.
const escapeSegment = (segment: string) =>
  encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * Where a bucket's objects are addressed, as the SDK addresses them: virtual-hosted on AWS
 * (bucket.s3.region.amazonaws.com) when the name is a DNS label, else by path, and always by path
 * on a configured endpoint (a local server answers every bucket at one address).
 */
function location(bucket: string, region: string, s3Endpoint: string | undefined) {
  if (s3Endpoint) {
    const { protocol, hostname, port, pathname } = new URL(s3Endpoint);
    return { protocol, hostname, port: port ? Number(port) : undefined, prefix: `${pathname.replace(/\/$/, '')}/${bucket}` };
  }
  const host = `s3.${region}.amazonaws.com${region.startsWith('cn-') ? '.cn' : ''}`;
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket)
    ? { protocol: 'https:', hostname: `${bucket}.${host}`, port: undefined, prefix: '' }
    : { protocol: 'https:', hostname: host, port: undefined, prefix: `/${bucket}` };
}

function queryString(query: Record<string, string | string[] | null> = {}): string {
  return Object.entries(query)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${escapeSegment(name)}=${escapeSegment(String(value))}`)
    .join('&');
}

export function openImageUrls({ files, region }: ImageUrlSettings): ImageUrls {
  const { bucket, s3Endpoint, publicBaseUrl } = files;
  const signer = awsSigner('s3', region, localS3Credentials(s3Endpoint));
  const { protocol, hostname, port, prefix } = location(bucket, region, s3Endpoint);

  return {
    async url(key, expiresSeconds) {
      if (publicBaseUrl) return `${publicBaseUrl}/${key}`;
      const request = new HttpRequest({
        method: 'GET',
        protocol,
        hostname,
        port,
        path: `${prefix}/${key.split('/').map(escapeSegment).join('/')}`,
        query: { 'x-id': 'GetObject' },
        // What the SDK's GetObject presigns, byte for byte (the unit test compares): the host
        // signed, the payload not, and S3 asked to send the object's checksum.
        headers: {
          host: port === undefined ? hostname : `${hostname}:${port}`,
          'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
          'x-amz-checksum-mode': 'ENABLED',
        },
      });
      try {
        const signed = await signer.presign(request, { expiresIn: expiresSeconds, unsignableHeaders: new Set(['content-type']) });
        return `${protocol}//${signed.headers.host}${signed.path}?${queryString(signed.query)}`;
      } catch (error) {
        throw new ServiceUnavailable(`S3 presign: ${(error as { name?: string } | null)?.name ?? 'unknown error'}`, { cause: error });
      }
    },
  };
}
