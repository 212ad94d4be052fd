/**
 * The CONNECT a client sends for `AT+QMTCONN`. With `"aliauth"` configured the module
 * ignores any user/password given and signs Aliyun-style itself: clientId
 * `<clientid>|securemode=3,signmethod=hmacsha1,timestamp=<ms>|` (2 over SSL), username `<dn>&<pk>`,
 * password HMAC-SHA1 hex (docs/aliyun-alink.md).
 */
import { aliyunCredentials } from "../aliyun/sign";
import type { MqttConnectRequest } from "./mqtt-transport";
import type { QmtSlot } from "./qmt-slot";

export interface ConnLogin {
  clientId: string;
  username?: string;
  password?: string;
}

export function connectRequest(slot: QmtSlot, login: ConnLogin, nowMs: number): MqttConnectRequest {
  const [pktTimeout, retries] = slot.config.timeout;
  const base = {
    keepalive: slot.config.keepalive[0],
    clean: slot.config.session[0] === 1,
    version: slot.config.version[0] === 3 ? (3 as const) : (4 as const),
    // The module's worst case for a result: pkt_timeout x (retry_times + 1).
    timeoutMs: pktTimeout * 1000 * (retries + 1),
  };
  if (!slot.aliauth) return { ...base, ...login };
  // Over TLS the module says securemode=2 (UNCONFIRMED: Quectel does not document aliauth's
  // securemode; 2 is what Aliyun asks of a TLS connection).
  const securemode = slot.config.ssl[0] === 1 ? 2 : 3;
  return { ...base, ...aliyunCredentials(slot.aliauth, { id: login.clientId, timestamp: nowMs, signmethod: "hmacsha1", securemode }) };
}
