/**
 * Parser for Aliyun's clientId `<id>|k=v,k=v|`. SDKs disagree on key order, add keys
 * (`_v`, `lan`, `gw`, `ext`...) and sometimes spaces, so all of that is tolerated here;
 * anything structurally off is rejected (the cloud answers CONNACK 4 to it).
 */

export interface ParsedClientId {
  /** The bare id, at most 64 characters. */
  id: string;
  params: Record<string, string>;
}

export const MAX_BARE_ID = 64;

export function parseClientId(clientId: string): ParsedClientId | undefined {
  const parts = clientId.split("|");
  // Exactly `id|params|` with nothing after the closing bar.
  if (parts.length !== 3 || parts[2].trim() !== "") return undefined;
  const id = parts[0].trim();
  if (id === "" || id.length > MAX_BARE_ID) return undefined;
  const params = parseParams(parts[1]);
  return params && { id, params };
}

function parseParams(list: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (const item of list.split(",")) {
    const pair = parsePair(item);
    if (!pair || Object.prototype.hasOwnProperty.call(params, pair[0])) return undefined;
    params[pair[0]] = pair[1];
  }
  return params;
}

function parsePair(item: string): [string, string] | undefined {
  const eq = item.indexOf("=");
  if (eq < 0) return undefined;
  const key = item.slice(0, eq).trim();
  const value = item.slice(eq + 1).trim();
  return key !== "" && value !== "" ? [key, value] : undefined;
}
