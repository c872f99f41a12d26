/** Content-addressed or hash-named: the bytes behind the URL can never change. */
export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** May be cached, but must be revalidated, so a new app shell is picked up on the next visit. */
export const CACHE_REVALIDATE = 'no-cache';
/** Per-user API answers must never sit in a shared or browser cache. */
export const CACHE_NEVER = 'no-store';
