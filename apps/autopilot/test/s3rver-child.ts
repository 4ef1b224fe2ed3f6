import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

const S3RVER_BIN = join(
  dirname(createRequire(import.meta.url).resolve('s3rver/package.json')),
  'bin',
  's3rver.js',
);

/** A real S3 API server (s3rver from npm) in a child process on 127.0.0.1 at a free port, with one bucket. */
export interface S3rverChild {
  endpoint: string;
  port: number;
  bucket: string;
  /** The environment a `dalio` child needs to reach it through the standard AWS credential chain. */
  env: NodeJS.ProcessEnv;
  /** The `backup.s3` section of a dalio.yaml that uses it. */
  configYaml: string;
  stop(): Promise<void>;
}

/** Start s3rver (on `port`, default a free one) and wait for the line that names its port. */
export async function startS3rverChild(bucket = 'dalio-backups', port = 0): Promise<S3rverChild> {
  const directory = await mkdtemp(join(tmpdir(), 'dalio-s3rver-'));
  const child = spawn(
    process.execPath,
    [
      S3RVER_BIN,
      '-d',
      directory,
      '-a',
      '127.0.0.1',
      '-p',
      String(port),
      '--silent',
      '--configure-bucket',
      bucket,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const listening = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      const match = /S3rver listening on [\d.]+:(\d+)/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)));
  });
  const endpoint = `http://127.0.0.1:${listening}`;
  return {
    endpoint,
    port: listening,
    bucket,
    env: {
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REGION: 'us-east-1',
    },
    configYaml: [
      '  s3:',
      `    bucket: ${bucket}`,
      `    endpoint: ${endpoint}`,
      '    forcePathStyle: true',
      '    region: us-east-1',
    ].join('\n'),
    stop: async () => {
      // Stopped already (by an earlier stop, or a signal): nothing to wait for.
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        });
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
