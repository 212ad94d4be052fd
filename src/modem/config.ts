import { constant } from "../at/constant";

/**
 * What the modem layer needs to know. Validation and defaults for the whole product live
 * in src/app/config.ts; this is the slice the EC600S driver reads.
 */
export interface ModemConfig {
  /** The module: `auto` (identified by `ATI` at boot) or a dialect's name (src/modem/dialects.ts). */
  modem: string;
  apn: string;
  apnUser: string;
  apnPassword: string;
  /** 0 none, 1 PAP, 2 CHAP, 3 PAP or CHAP. */
  apnAuth: number;
  mqttHost: string;
  mqttPort: number;
  /** Connect to the broker over TLS: the module's SSL context verifies it with `caCert`. */
  tls: boolean;
  /** The CA certificate (PEM text) the module verifies the broker with; provisioned to the module when `tls`. */
  caCert: string;
  /** 30-1200 s for Aliyun. */
  keepaliveS: number;
  /** The bare MQTT client id; with aliauth the module adds Aliyun's decorations. */
  clientId: string;
  productKey: string;
  deviceName: string;
  deviceSecret: string;
  /** MQTT client index on the module, 0-5. */
  clientIndex: number;
  publishQos: number;
  /** Longest publish payload in bytes. */
  payloadBytes: number;
  /** Publish queue slots. */
  queueSlots: number;

  atTimeoutMs: number;
  probeTimeoutMs: number;
  probeAttempts: number;
  pwrkeyPulseMs: number;
  bootTimeoutMs: number;
  powerOffWaitMs: number;
  simRetryMs: number;
  registrationPollMs: number;
  registrationDeadlineMs: number;
  pdpTimeoutMs: number;
  /** A QMT result URC: pkt_timeout x (retry_times + 1) on the module, plus margin. */
  mqttResultTimeoutMs: number;
  publishTimeoutMs: number;
  linkCheckMs: number;
  /** Online this long and a later failure starts the backoff from the bottom again. */
  stableOnlineMs: number;

  stepRetries: number;
  mqttFailuresBeforePdp: number;
  pdpFailuresBeforePower: number;
  commandTimeoutsBeforePower: number;
  backoffMinMs: number;
  backoffMaxMs: number;
  credentialBackoffMs: number;
  credentialBackoffMaxMs: number;
}

export const MODEM_DEFAULTS: ModemConfig = constant({
  modem: "auto",
  apn: "CMNET",
  apnUser: "",
  apnPassword: "",
  apnAuth: 1,
  mqttHost: "iot-as-mqtt.cn-shanghai.aliyuncs.com",
  mqttPort: 1883,
  tls: false,
  caCert: "",
  keepaliveS: 120,
  clientId: "",
  productKey: "",
  deviceName: "",
  deviceSecret: "",
  clientIndex: 0,
  publishQos: 0,
  payloadBytes: 1024,
  queueSlots: 8,

  atTimeoutMs: 3000,
  // A running EC600S answers AT within milliseconds; a silent one is off, and every probe
  // is time added to each cold boot. A module that was on after all announces the pulse
  // with POWERED DOWN, and is pulsed on again.
  probeTimeoutMs: 200,
  probeAttempts: 2,
  pwrkeyPulseMs: 600,
  bootTimeoutMs: 20000,
  powerOffWaitMs: 12000,
  simRetryMs: 5000,
  registrationPollMs: 1000,
  registrationDeadlineMs: 180000,
  pdpTimeoutMs: 150000,
  mqttResultTimeoutMs: 25000,
  publishTimeoutMs: 25000,
  linkCheckMs: 60000,
  stableOnlineMs: 120000,

  stepRetries: 3,
  mqttFailuresBeforePdp: 3,
  pdpFailuresBeforePower: 2,
  commandTimeoutsBeforePower: 4,
  backoffMinMs: 1000,
  backoffMaxMs: 120000,
  credentialBackoffMs: 300000,
  credentialBackoffMaxMs: 3600000,
});
