// A V8 code cache for the CLI's own bundles (dist/*.js, dist/lib/*.js). Node 20 has no
// module.enableCompileCache, and the require-hook libraries (v8-compile-cache) keep only what V8
// compiles eagerly; here the cache is taken at exit, so it holds every function the command ran.
// A cache file is code we run: it lives in a directory of our own (0700, owned by us), and any
// problem means compiling as usual: a read-only or missing directory, a damaged file or one of
// another node (V8 rejects it). A cache is named by node's version, the command and the bundle
// file's identity (inode, size, mtime and ctime in nanoseconds: every rewrite of the file, an
// npm install included, gives a new ctime); V8 itself checks only the source's length.
// Hashing the source instead cost more than the cache saved on small commands (node:crypto).
import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join, sep } from 'node:path';
import { Script } from 'node:vm';

export type CacheUse = 'hit' | 'miss' | 'rejected';

interface Pending {
  script: Script;
  file: string;
  stem: string;
}

/** Where the cache goes: MQT_CODE_CACHE_DIR, else the user's cache directory; undefined: no cache. */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MQT_CODE_CACHE === '0') return undefined;
  if (env.MQT_CODE_CACHE_DIR) return env.MQT_CODE_CACHE_DIR;
  const base = process.platform === 'win32' ? env.LOCALAPPDATA : env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return base ? join(base, 'mysql-query-tuner', 'code-cache') : undefined;
}

/** The directory exists (made if need be), is ours and nobody else can write in it. */
export function privateDirectory(dir: string): boolean {
  try {
    let st = lstatSync(dir, { throwIfNoEntry: false });
    if (!st) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      st = lstatSync(dir);
    }
    if (!st.isDirectory()) return false;
    if (process.getuid && st.uid !== process.getuid()) return false;
    return process.platform === 'win32' || (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function readOwn(file: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const st = fstatSync(fd);
    if (!st.isFile() || (process.getuid && st.uid !== process.getuid())) return undefined;
    return readFileSync(fd);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function fileIdentity(filename: string): string | undefined {
  try {
    const st = statSync(filename, { bigint: true });
    return [st.ino, st.size, st.mtimeNs, st.ctimeNs].map((n) => n.toString(36)).join('-');
  } catch {
    return undefined;
  }
}

/** Compiles CommonJS sources with a code cache and writes the missing caches on flush(). */
export class CodeCache {
  private readonly pending: Pending[] = [];
  readonly uses = new Map<string, CacheUse>();

  constructor(
    private readonly dir: string,
    private readonly command: string,
  ) {}

  /** The module wrapper function of this file, compiled with its cache when there is a good one. */
  compile(filename: string): (...args: unknown[]) => unknown {
    // The file's identity before and after reading it: a file rewritten meanwhile gets no cache.
    const id = fileIdentity(filename);
    const source = readFileSync(filename, 'utf8');
    const stable = id !== undefined && id === fileIdentity(filename);
    const text = source.startsWith('#!') ? `//${source.slice(2)}` : source; // as node strips a shebang
    const stem = `${basename(filename)}.${this.command}.`;
    const file = stable ? join(this.dir, `${stem}${process.version}-${process.arch}-${id}`) : undefined;
    const cachedData = file ? readOwn(file) : undefined;
    const script = new Script(Module.wrap(text), { filename, ...(cachedData ? { cachedData } : {}) });
    const use: CacheUse = !cachedData ? 'miss' : script.cachedDataRejected ? 'rejected' : 'hit';
    this.uses.set(filename, use);
    if (use !== 'hit' && file) this.pending.push({ script, file, stem });
    return script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
  }

  /** Writes the caches that were missing or rejected (at exit: they then hold what the command compiled). */
  flush(): void {
    for (const p of this.pending.splice(0)) {
      try {
        const tmp = `${p.file}.${process.pid}.tmp`;
        writeFileSync(tmp, p.script.createCachedData(), { mode: 0o600 });
        renameSync(tmp, p.file);
        // Older builds' caches of the same bundle and command.
        for (const old of readdirSync(this.dir))
          if (old.startsWith(p.stem) && join(this.dir, old) !== p.file && !old.endsWith('.tmp')) unlinkSync(join(this.dir, old));
      } catch {
        // a read-only or full disk: the next run compiles as this one did
      }
    }
  }
}

interface LoadableModule {
  exports: unknown;
}
type Loader = (module: LoadableModule, filename: string) => void;

/**
 * Load every .js module under `root` through the cache; others load as usual. Returns the cache,
 * or undefined when there is no usable directory (the process then runs exactly as without it).
 */
export function installCodeCache(root: string, command: string, env: NodeJS.ProcessEnv = process.env): CodeCache | undefined {
  const dir = cacheDirectory(env);
  if (!dir || !privateDirectory(dir)) return undefined;
  const cache = new CodeCache(dir, /^[a-z]{2,12}$/.test(command) ? command : 'other');
  const loaders = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  const original = loaders['.js'];
  const prefix = root.endsWith(sep) ? root : root + sep;
  loaders['.js'] = (module, filename) => {
    if (!filename.startsWith(prefix)) return original(module, filename);
    const wrapper = cache.compile(filename);
    wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename));
  };
  return cache;
}
