import type { Readable } from 'node:stream';
import { createGunzip, createInflate, createInflateRaw, type Inflate, type InflateRaw, type Gunzip } from 'node:zlib';
import { ApiError } from './api-error.js';

/** The encodings a request body may come in, as Segment's HTTP API accepts them. */
export const BODY_ENCODINGS = ['identity', 'gzip', 'deflate'] as const;
type BodyEncoding = (typeof BODY_ENCODINGS)[number];

/** Deflate's worst case grows incompressible input by 5 bytes per 16 KB block plus the gzip header. */
const COMPRESSED_SLACK = 1024;

const tooLarge = (limit: number, encoded: boolean) =>
  new ApiError(
    400,
    'batch_too_large',
    encoded
      ? `the decompressed request body exceeds the ${limit / 1024} KB limit per batch (32 KB per event); it was not inflated further`
      : `the request body exceeds the ${limit / 1024} KB limit per batch (32 KB per event)`,
  );

/** The request's `Content-Encoding`, or a 415 naming what is accepted. */
export function bodyEncoding(header: string | string[] | undefined): BodyEncoding {
  const value = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  if (value === '' || value === 'identity') return 'identity';
  if (value === 'gzip' || value === 'x-gzip') return 'gzip';
  if (value === 'deflate') return 'deflate';
  throw new ApiError(415, 'unsupported_encoding', `Content-Encoding ${JSON.stringify(value)} is not supported; send the body uncompressed, gzip or deflate`);
}

/**
 * Read a request body into a buffer of at most `limit` bytes after decoding. A compressed body is
 * inflated as a stream and abandoned as soon as its output passes the limit, so a compression
 * bomb costs at most `limit` bytes of output, never its full size.
 */
export function readBody(payload: Readable, encoding: BodyEncoding, declaredLength: number, limit: number): Promise<Buffer> {
  const encoded = encoding !== 'identity';
  const wireLimit = encoded ? limit + COMPRESSED_SLACK : limit;
  if (declaredLength > wireLimit) return Promise.reject(tooLarge(limit, false));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let outBytes = 0;
    let settled = false;
    let inflater: Gunzip | Inflate | InflateRaw | undefined;

    const finish = (err: Error | null) => {
      if (settled) return;
      settled = true;
      payload.removeListener('data', onWire);
      payload.removeListener('end', onWireEnd);
      payload.removeListener('error', onWireError);
      payload.removeListener('close', onWireClose);
      if (inflater) {
        inflater.removeAllListeners('data');
        inflater.destroy();
      }
      if (err) {
        // Leave the rest of the request unread; the error reply closes the connection.
        payload.pause();
        reject(err);
      } else {
        resolve(Buffer.concat(chunks, outBytes));
      }
    };
    const onOut = (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > limit) return finish(tooLarge(limit, encoded));
      chunks.push(chunk);
    };
    const onInflateError = (e: Error) =>
      finish(new ApiError(400, 'invalid_encoding', `the ${encoding} request body could not be decompressed: ${e.message}`));

    const startInflater = (first: Buffer) => {
      // "deflate" is zlib-wrapped (RFC 9110), but some clients send raw DEFLATE: the zlib header tells.
      const zlibWrapped = first.length < 2 || ((first[0]! & 0x0f) === 8 && ((first[0]! << 8) | first[1]!) % 31 === 0);
      inflater = encoding === 'gzip' ? createGunzip() : zlibWrapped ? createInflate() : createInflateRaw();
      inflater.on('data', onOut);
      inflater.on('error', onInflateError);
      inflater.on('end', () => finish(null));
    };

    function onWire(chunk: Buffer) {
      wireBytes += chunk.length;
      if (wireBytes > wireLimit) return finish(tooLarge(limit, false));
      if (!encoded) return onOut(chunk);
      if (!inflater) startInflater(chunk);
      // Back-pressure: stop reading the socket while the inflater drains what it has.
      if (!inflater!.write(chunk)) {
        payload.pause();
        inflater!.once('drain', () => {
          if (!settled) payload.resume();
        });
      }
    }
    function onWireEnd() {
      if (!encoded) return finish(null);
      if (!inflater) return finish(new ApiError(400, 'invalid_encoding', `the request says Content-Encoding: ${encoding} but its body is empty`));
      inflater.end();
    }
    function onWireError(e: Error) {
      finish(new ApiError(400, 'invalid_body', `the request body could not be read: ${e.message}`));
    }
    function onWireClose() {
      if (!settled && !payload.readableEnded) finish(new ApiError(400, 'invalid_body', 'the request ended before its body was complete'));
    }

    payload.on('data', onWire);
    payload.on('end', onWireEnd);
    payload.on('error', onWireError);
    payload.on('close', onWireClose);
    payload.resume();
  });
}
