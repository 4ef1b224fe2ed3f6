/** What an Alpaca key id says about itself: paper keys start with `PK`, live keys with `AK`. */
export type KeyKind = 'paper' | 'live' | 'unknown';

/** The kind of an Alpaca key id, from its prefix (never the secret; the id is not logged either). */
export function keyKindOf(keyId: string): KeyKind {
  if (/^PK/.test(keyId)) return 'paper';
  if (/^AK/.test(keyId)) return 'live';
  return 'unknown';
}

/** A key kind in words, for one-line errors (`a paper key (PK…)`). */
export function describeKeyKind(kind: KeyKind): string {
  if (kind === 'paper') return 'a paper key (PK…)';
  if (kind === 'live') return 'a live key (AK…)';
  return 'neither a paper (PK…) nor a live (AK…) key';
}
