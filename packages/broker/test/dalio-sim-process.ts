import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** A `dalio sim` child process and the URL it printed. */
export interface DalioSimProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'pnpm-workspace.yaml'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the workspace root (pnpm-workspace.yaml)');
    dir = parent;
  }
  return dir;
}

/** Start `dalio sim <args>` from the sources (tsx) and wait for the URL on its first stdout line. */
export function spawnDalioSim(args: readonly string[]): Promise<DalioSimProcess> {
  const root = repoRoot();
  const tsxLoader = createRequire(join(root, 'package.json')).resolve('tsx');
  const child = spawn(
    process.execPath,
    [
      '--conditions=@dalio-lite/source',
      '--import',
      pathToFileURL(tsxLoader).href,
      join(root, 'apps/autopilot/src/main.ts'),
      'sim',
      ...args,
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`dalio sim printed no URL within 30 s; stderr: ${stderr}`));
    }, 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dalio sim exited with ${code}; stderr: ${stderr}`));
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).once('line', (line) => {
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ url: line.trim(), child, stop });
    });
  });
}
