import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The benchmarks run the services as processes compiled from this checkout into a directory of
// their own, so that a `npm run build` (or another bench) meanwhile cannot change what they measure.

const ROOT = join(__dirname, '..', '..');

/**
 * Compiles `sources` (paths under the checkout: directories, or single files) and what they import
 * into `<tmp>/<name>/out`, tests left out, and returns that directory.
 */
export function buildInto(name: string, sources: string[]): string {
  const dir = join(tmpdir(), name);
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'tsconfig.json');
  writeFileSync(
    config,
    JSON.stringify({
      extends: join(ROOT, 'tsconfig.build.json'),
      compilerOptions: {
        outDir: join(dir, 'out'),
        rootDir: ROOT,
        sourceMap: false,
        typeRoots: [join(ROOT, 'node_modules', '@types')],
      },
      include: sources.map((source) =>
        source.endsWith('.ts') ? join(ROOT, source) : join(ROOT, source, '**', '*.ts'),
      ),
      exclude: [join(ROOT, '**', '*spec.ts'), join(ROOT, '**', 'test', '**'), join(ROOT, 'node_modules')],
    }),
  );
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', config], {
    stdio: 'inherit',
  });
  return join(dir, 'out');
}

/** Runs a compiled script of `out` (stdout and stderr piped); `nodeOptions` go before it. */
export function spawnBuilt(
  out: string,
  script: string,
  env: Record<string, string>,
  { args = [], nodeOptions = [] }: { args?: string[]; nodeOptions?: string[] } = {},
): ChildProcess {
  return spawn(
    process.execPath,
    [...nodeOptions, '-r', join(ROOT, 'node_modules', 'tsconfig-paths', 'register'), script, ...args],
    {
      cwd: out,
      env: {
        ...process.env,
        // The build has no node_modules of its own; path aliases resolve into the build.
        NODE_PATH: join(ROOT, 'node_modules'),
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        TS_NODE_BASEURL: out,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** The compiled entry point of an app in `out`. */
export const mainOf = (out: string, app: string): string => join(out, 'apps', app, 'src', 'main.js');
