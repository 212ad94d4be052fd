/** PDP contexts (`AT+QICSGP` / `AT+QIACT`), cid 1-16. */

export interface PdpContext {
  /** 1 IPv4, 2 IPv6, 3 IPv4v6. */
  type: number;
  apn: string;
  user: string;
  password: string;
  /** 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP. */
  auth: number;
  active: boolean;
}

export const MAX_CID = 16;

/** Before `AT+QICSGP=1,...` the module reports the operator's APN with auth 1 (the seed). */
export function defaultContexts(apn: string): Map<number, PdpContext> {
  return new Map([[1, { type: 1, apn, user: "", password: "", auth: 1, active: false }]]);
}

export function contextOf(contexts: Map<number, PdpContext>, cid: number): PdpContext {
  let ctx = contexts.get(cid);
  if (!ctx) {
    ctx = { type: 1, apn: "", user: "", password: "", auth: 0, active: false };
    contexts.set(cid, ctx);
  }
  return ctx;
}
