/** The official Alpaca SDK module, loaded on first use. */
export type AlpacaSdk = typeof import('@alpacahq/alpaca-trade-api');

let loaded: AlpacaSdk | undefined;

/**
 * Load the SDK (a large bundle) when an adapter first talks to Alpaca, not when the broker package is imported:
 * every `dalio` command imports the package, most never reach Alpaca.
 */
export async function loadAlpacaSdk(): Promise<AlpacaSdk> {
  loaded ??= await import('@alpacahq/alpaca-trade-api');
  return loaded;
}

/** The SDK if an adapter has loaded it; until then no error can come from it. */
export function loadedAlpacaSdk(): AlpacaSdk | undefined {
  return loaded;
}
