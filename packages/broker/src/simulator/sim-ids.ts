import { createHash } from 'node:crypto';

/** A UUID (version 4 layout) derived from a name: the same name always gives the same id. */
export function uuidFromName(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The id of the n-th order of a simulator instance: replays with the state, never repeats across instances. */
export function orderIdFor(instanceId: string, n: number): string {
  return uuidFromName(`order:${instanceId}:${n}`);
}

/** The client order id Alpaca generates when the request has none. */
export function generatedClientOrderIdFor(instanceId: string, n: number): string {
  return uuidFromName(`client-order:${instanceId}:${n}`);
}

/** An asset's id: one fixed UUID per symbol, as Alpaca's `asset_id`. */
export function assetIdFor(symbol: string): string {
  return uuidFromName(`asset:${symbol}`);
}
