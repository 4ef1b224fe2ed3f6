/** The header every action repeats its session's CSRF token in (the server checks it, the web app sends it). */
export const CSRF_HEADER = 'x-csrf-token';

/** The URL fragment key of a one-time login link: `/#login=CODE` (a fragment never reaches a server or a log). */
export const LOGIN_FRAGMENT_KEY = 'login';

/** What changed, as the browsers are told over server-sent events: they refetch the matching queries. */
export type ChangeTopic =
  | 'state'
  | 'history'
  | 'heartbeat'
  | 'alerts'
  | 'market'
  | 'health'
  | 'performance'
  | 'backups';
