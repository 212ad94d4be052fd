/** Alink JSON messages exchanged on the thing-model topics (docs/aliyun-alink.md). */

export interface AlinkRequest {
  id: string;
  version?: string;
  method?: string;
  params?: Record<string, unknown>;
  sys?: { ack?: number };
}

export interface AlinkReply {
  id: string;
  code: number;
  data: unknown;
  message?: string;
  method?: string;
  version?: string;
}

/** Payload text of a JSON object, or undefined for bytes that are not one. */
export function parseJsonObject(payload: Uint8Array | string): Record<string, unknown> | undefined {
  try {
    const text = typeof payload === "string" ? payload : new TextDecoder().decode(payload);
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A request needs a string id; everything else is optional here. */
export function parseAlinkRequest(payload: Uint8Array | string): AlinkRequest | undefined {
  const obj = parseJsonObject(payload);
  return obj && typeof obj.id === "string" ? (obj as unknown as AlinkRequest) : undefined;
}

/** The cloud's property-set request, key order as the console sends it (seed transcript). */
export function propertySetRequest(params: Record<string, unknown>, id: string): string {
  return JSON.stringify({ method: "thing.service.property.set", id, params, version: "1.0.0" });
}

/** The cloud's reply to a post, key order as Aliyun sends it. */
export function postReply(id: string, code: number, method: string): string {
  const message = code === 200 ? "success" : "request parameter error";
  return JSON.stringify({ code, data: {}, id, message, method, version: "1.0" });
}
