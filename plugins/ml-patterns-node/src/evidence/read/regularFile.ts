import { isError } from '@backstage/errors';
import { constants as fsConstants, Stats } from 'node:fs';
import fs, { FileHandle } from 'node:fs/promises';

/**
 * Opening and reading a local file that was listed as a regular file,
 * without ever blocking: a named pipe opened for reading waits for a writer
 * (for good, holding one of libuv's four I/O threads), and a device may act
 * on open. Callers stat before opening and skip what is not a regular file;
 * the open itself is non-blocking, does not follow a link swapped in since,
 * and the opened descriptor is checked to be the regular file that was
 * listed before a byte is read.
 */

const OPEN_FLAGS =
  fsConstants.O_RDONLY |
  (fsConstants.O_NONBLOCK ?? 0) |
  (fsConstants.O_NOFOLLOW ?? 0);

type TypedEntry = Pick<
  Stats,
  | 'isFile'
  | 'isDirectory'
  | 'isSymbolicLink'
  | 'isFIFO'
  | 'isSocket'
  | 'isBlockDevice'
  | 'isCharacterDevice'
>;

/** What an entry is, in the words of messages ("a named pipe"). */
export function fileKind(entry: TypedEntry): string {
  if (entry.isFile()) return 'a regular file';
  if (entry.isDirectory()) return 'a folder';
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a named pipe';
  if (entry.isSocket()) return 'a socket';
  if (entry.isBlockDevice() || entry.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/** The identity of a file as listed, to tell it from one swapped in since. */
export interface ListedIdentity {
  dev: number;
  ino: number;
}

/**
 * Opens `realPath` (links already resolved) for reading when it is still
 * the regular file `listed`; otherwise says why not. I/O errors (a file
 * removed since) are thrown.
 */
export async function openRegularFile(
  realPath: string,
  listed: ListedIdentity,
): Promise<{ handle: FileHandle; stat: Stats } | { refused: string }> {
  let handle: FileHandle;
  try {
    handle = await fs.open(realPath, OPEN_FLAGS);
  } catch (error) {
    if (isError(error) && error.code === 'ELOOP') {
      return {
        refused: 'it was replaced by a symbolic link since it was listed',
      };
    }
    throw error;
  }
  let stat: Stats;
  try {
    stat = await handle.stat();
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (!stat.isFile()) {
    await handle.close();
    return { refused: `it is ${fileKind(stat)} now, not a regular file` };
  }
  if (stat.dev !== listed.dev || stat.ino !== listed.ino) {
    await handle.close();
    return { refused: 'it was replaced since it was listed' };
  }
  return { handle, stat };
}

/** The first `length` bytes of an opened file (fewer when it is shorter). */
export async function readHead(
  handle: FileHandle,
  length: number,
): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let offset = 0;
  while (offset < length) {
    const { bytesRead } = await handle.read(
      buffer,
      offset,
      length - offset,
      offset,
    );
    if (bytesRead === 0) {
      break;
    }
    offset += bytesRead;
  }
  return buffer.subarray(0, offset);
}
