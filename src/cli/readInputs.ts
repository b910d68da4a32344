// Reading the CLI's PATHS: files, directories and standard input, each fault a `path: reason` user error.
import { createReadStream, type Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { InputFile } from '../engine/index';

/**
 * Inputs larger than this (each, and all of a run together) are refused before they are decoded: the
 * engine holds the text, its parse tree and the cluster at once, and Node cannot make a string past
 * about 512 MB, so a bigger input would end in an out-of-memory crash instead of a message.
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024;

export const STDIN_NAME = '<stdin>';

/** A fault of the user's input or arguments: printed as is, exit code 2. */
export class UsageError extends Error {}

export interface ReadOptions {
  stdin: NodeJS.ReadableStream;
  /** Per input and in total; MAX_INPUT_BYTES unless a test lowers it. */
  maxBytes?: number;
  /** Notes about what was skipped (not a regular file), printed on standard error. */
  warn: (text: string) => void;
}

const MANIFEST_NAME = /\.(ya?ml|json)$/i;

/** "ENOENT: no such file..., stat 'x'" -> the part a person reads, without the repeated path. */
export function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links (a symlink loop)';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    case 'EISDIR':
      return 'is a directory';
    case 'EIO':
      return 'input/output error';
    case 'ENAMETOOLONG':
      return 'file name too long';
    default:
      return (e?.message ?? String(error)).replace(/,\s*\w+\s+'.*'$/, '');
  }
}

export async function readInputs(paths: string[], options: ReadOptions): Promise<InputFile[]> {
  const limit = options.maxBytes ?? MAX_INPUT_BYTES;
  if (paths.filter((p) => p === '-').length > 1) {
    throw new UsageError('-: standard input can be read only once; give - one time');
  }
  const files: InputFile[] = [];
  let total = 0;
  const add = async (name: string, read: () => NodeJS.ReadableStream) => {
    const { text, bytes } = await readLimited(name, read, limit, limit - total);
    total += bytes;
    files.push({ name, text });
  };
  for (const path of paths) {
    if (path === '-') {
      await add(STDIN_NAME, () => options.stdin);
      continue;
    }
    let info: Stats;
    try {
      info = await stat(path);
    } catch (error) {
      throw new UsageError(`${path}: ${reasonOf(error)}`);
    }
    if (info.isDirectory()) {
      const found = await walk(path, options.warn);
      if (found.length === 0)
        throw new UsageError(`${path}: no *.yaml, *.yml or *.json files in this directory`);
      for (const f of found) await add(relative(process.cwd(), f) || f, () => createReadStream(f));
    } else {
      // Named explicitly: a regular file, or a stream (a FIFO, /dev/stdin, a process substitution)
      // that the person chose to read; either way read with the limit.
      await add(path, () => createReadStream(path));
    }
  }
  return files;
}

/** One named file (the expectations file), with the same limit and messages. */
export async function readOneFile(path: string, maxBytes = MAX_INPUT_BYTES): Promise<string> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    throw new UsageError(`${path}: ${reasonOf(error)}`);
  }
  if (info.isDirectory()) throw new UsageError(`${path}: is a directory, not a file`);
  return (await readLimited(path, () => createReadStream(path), maxBytes, maxBytes)).text;
}

/**
 * Directories are walked for manifest files that are regular files (after following symlinks). Anything
 * else with a manifest name (a FIFO, a socket, a device) is skipped with a note, since reading it could
 * block forever; a symlink that leads nowhere or loops is an error with its path. Directories reached
 * twice (through a symlink) are walked once.
 */
async function walk(root: string, warn: (text: string) => void): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = async (dir: string) => {
    let real: string;
    let entries;
    try {
      real = await realpath(dir);
      if (seen.has(real)) return;
      seen.add(real);
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw new UsageError(`${dir}: ${reasonOf(error)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        // A symlink counts for what it points at: a dangling or looping one is reported, not skipped.
        if (!isDir && !MANIFEST_NAME.test(entry.name)) {
          // Not a manifest by name: only a link to a directory matters.
          const target = await stat(full).catch(() => null);
          if (!target?.isDirectory()) continue;
          isDir = true;
        } else {
          let target: Stats;
          try {
            target = await stat(full);
          } catch (error) {
            throw new UsageError(`${full}: ${reasonOf(error)}`);
          }
          isDir = target.isDirectory();
          isFile = target.isFile();
        }
      }
      if (isDir) await visit(full);
      else if (MANIFEST_NAME.test(entry.name)) {
        if (isFile) out.push(full);
        else
          warn(`${full}: skipped: not a regular file (name it on the command line to read it as a stream)`);
      }
    }
  };
  await visit(root);
  return out;
}

const formatMB = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

/** Reads a stream as UTF-8, stopping as soon as it passes the limit (so /dev/zero ends in a message). */
function readLimited(
  name: string,
  open: () => NodeJS.ReadableStream,
  limit: number,
  remaining: number,
): Promise<{ text: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    let stream: NodeJS.ReadableStream;
    try {
      stream = open();
    } catch (error) {
      reject(new UsageError(`${name}: ${reasonOf(error)}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      stream.removeListener('data', onData);
      if (error) {
        // Stop reading an endless or oversized source; standard input is left to the process's exit.
        if ('destroy' in stream && stream !== process.stdin) (stream as NodeJS.ReadStream).destroy();
        else stream.pause();
        reject(error);
      } else resolve({ text: Buffer.concat(chunks).toString('utf8'), bytes: size });
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buf.length;
      if (size > remaining) {
        finish(
          new UsageError(
            size > limit
              ? `${name}: larger than the input limit of ${formatMB(limit)}; refused`
              : `${name}: the inputs together are larger than the input limit of ${formatMB(limit)}; refused`,
          ),
        );
        return;
      }
      chunks.push(buf);
    };
    stream.on('data', onData);
    stream.on('end', () => finish(null));
    stream.on('error', (error) => finish(new UsageError(`${name}: ${reasonOf(error)}`)));
  });
}
