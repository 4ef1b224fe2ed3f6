import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the webhook receiver answers: 200, another status, or never (it holds the request open). */
export type ReceiverMode = { kind: 'ok' } | { kind: 'status'; status: number } | { kind: 'hang' };

/** A real HTTP server on 127.0.0.1 that records every request body (a webhook or ping endpoint). */
export interface HttpReceiver {
  /** Its URL; the path stands for the secret part of a real webhook URL. */
  url: string;
  bodies: string[];
  paths: string[];
  setMode(mode: ReceiverMode): void;
  /** The JSON bodies received so far. */
  json<T = Record<string, unknown>>(): T[];
  close(): Promise<void>;
}

/** Start an HTTP receiver on a free port of 127.0.0.1. */
export async function startHttpReceiver(
  path = '/hooks/T000/B000/receiver-secret-path',
): Promise<HttpReceiver> {
  let mode: ReceiverMode = { kind: 'ok' };
  const bodies: string[] = [];
  const paths: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      paths.push(request.url ?? '');
      if (mode.kind === 'hang') held.push(response);
      else response.writeHead(mode.kind === 'ok' ? 200 : mode.status).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    bodies,
    paths,
    setMode: (next) => {
      mode = next;
    },
    json: <T>() => bodies.filter((body) => body.startsWith('{')).map((body) => JSON.parse(body) as T),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One message the SMTP receiver accepted, parsed. */
export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
  /** The user name and password the client authenticated with, if any. */
  auth: { username: string; password: string } | null;
}

/** A real SMTP server on 127.0.0.1 (plain text, any login accepted) that parses what it receives. */
export interface SmtpReceiver {
  port: number;
  mails: ReceivedMail[];
  close(): Promise<void>;
}

/** Start an SMTP receiver on a free port of 127.0.0.1. */
export async function startSmtpReceiver(): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      callback(null, { user: { username: auth.username ?? '', password: auth.password ?? '' } });
    },
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const user = session.user as { username: string; password: string } | undefined;
          mails.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            auth: user ?? null,
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Poll until `condition` holds (for work another process does), failing after `timeoutMs`. */
export async function waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
