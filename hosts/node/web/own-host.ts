/**
 * DNS rebinding defence: a page on evil.example can make its own name resolve to 127.0.0.1,
 * and then it is "same origin" with the console, so no CORS rule and no custom header stops it.
 * What it cannot change is the Host header its browser sends (`evil.example:<port>`). The
 * console listens on 127.0.0.1 only, so the names it answers to are `127.0.0.1:<port>` and
 * `localhost:<port>` (any case); everything else, a missing Host included, is refused.
 */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (host === undefined) return false;
  const name = host.toLowerCase();
  return name === `127.0.0.1:${port}` || name === `localhost:${port}`;
}
