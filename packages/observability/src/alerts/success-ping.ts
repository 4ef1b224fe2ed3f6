import { startDeadline } from './deadline.ts';

/**
 * Hit a healthchecks-style ping URL after each successful cycle, so a service outside this machine notices
 * when the pings stop (the dead-man switch that works even when this machine is down). Never throws; returns
 * null when the ping went through, else why not.
 */
export async function pingSuccessUrl(
  url: string,
  options: { timeoutMs: number; fetch?: typeof fetch },
): Promise<string | null> {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const deadline = startDeadline(options.timeoutMs);
  const host = new URL(url).host;
  try {
    const response = await fetchFn(url, { method: 'GET', signal: deadline.signal });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok ? null : `${host} answered HTTP ${response.status}`;
  } catch (error) {
    return deadline.signal.aborted
      ? `${host} did not answer within ${options.timeoutMs} ms`
      : `${host} could not be reached (${(error as Error).message})`;
  } finally {
    deadline.clear();
  }
}
