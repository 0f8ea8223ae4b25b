import { RepositoryFile } from '../../types';
import { RepositoryContextFiles } from '../repositoryContext/RepositoryContextFiles';

/**
 * What crosses into the analysis worker: file entries without their
 * content, and every content copied once into one `ArrayBuffer` that is
 * transferred (moved, not cloned). The readers' Buffers may be views of a
 * shared pool, so they are copied rather than transferred themselves.
 */

interface PackedFile {
  path: string;
  size: number;
  /** Where the content lies in the buffer; absent when it was not read. */
  offset?: number;
  length?: number;
}

export interface AnalysisTask {
  files: PackedFile[];
  location?: string;
  repository?: {
    scope: string;
    truncated?: string;
    files: PackedFile[];
  };
  buffer: ArrayBuffer;
}

export interface AnalysisInput {
  files: RepositoryFile[];
  options: { location?: string; repository?: RepositoryContextFiles };
}

export function packAnalysis(input: AnalysisInput): AnalysisTask {
  const contextFiles = input.options.repository?.files ?? [];
  let total = 0;
  for (const file of [...input.files, ...contextFiles])
    total += file.content?.length ?? 0;
  const bytes = new Uint8Array(total);
  let offset = 0;
  const pack = (file: RepositoryFile): PackedFile => {
    if (!file.content) return { path: file.path, size: file.size };
    bytes.set(file.content, offset);
    const packed = {
      path: file.path,
      size: file.size,
      offset,
      length: file.content.length,
    };
    offset += file.content.length;
    return packed;
  };
  const repository = input.options.repository;
  return {
    files: input.files.map(pack),
    location: input.options.location,
    repository: repository && {
      scope: repository.scope,
      truncated: repository.truncated,
      files: repository.files.map(pack),
    },
    buffer: bytes.buffer,
  };
}

export function unpackAnalysis(task: AnalysisTask): AnalysisInput {
  const unpack = (file: PackedFile): RepositoryFile =>
    file.offset === undefined
      ? { path: file.path, size: file.size }
      : {
          path: file.path,
          size: file.size,
          content: Buffer.from(task.buffer, file.offset, file.length),
        };
  const repository = task.repository;
  return {
    files: task.files.map(unpack),
    options: {
      location: task.location,
      repository: repository && {
        scope: repository.scope,
        files: repository.files.map(unpack),
        ...(repository.truncated !== undefined && {
          truncated: repository.truncated,
        }),
      },
    },
  };
}
