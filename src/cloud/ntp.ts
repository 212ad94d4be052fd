import { JsonObject, own, parseJsonObject } from "./json";

/**
 * Aliyun's NTP over MQTT: the device publishes `{"deviceSendTime":"<ms>"}` and the cloud
 * answers with its receive and send times. Any device time base works, as long as send and
 * receive use the same one: the firmware sends its monotonic milliseconds, so the answer also
 * tells which request it belongs to.
 *
 *   now = (serverRecvTime + serverSendTime + deviceRecvTime - deviceSendTime) / 2
 *
 * is the server's clock at deviceRecvTime, the link's delay split evenly both ways.
 */
export function encodeNtpRequest(deviceSendMs: number): string {
  return '{"deviceSendTime":"' + Math.floor(deviceSendMs) + '"}';
}

/** The server's time (epoch ms) at `deviceRecvMs`, or NaN for an answer that is not ours or not sound. */
export function ntpTime(payload: string, deviceSendMs: number, deviceRecvMs: number): number {
  const answer = parseJsonObject(payload);
  if (answer === null) return NaN;
  const sent = millis(answer, "deviceSendTime");
  const received = millis(answer, "serverRecvTime");
  const replied = millis(answer, "serverSendTime");
  // Only the answer to the request in flight: an old one would carry an old delay.
  if (sent !== Math.floor(deviceSendMs) || isNaN(received) || isNaN(replied) || replied < received) return NaN;
  return Math.floor((received + replied + deviceRecvMs - deviceSendMs) / 2);
}

/** A millisecond stamp, as the string Aliyun sends or as a number; NaN otherwise. */
function millis(answer: JsonObject, key: string): number {
  const value = own(answer, key);
  // Up to 16 digits: a whole number from 0, as the check below wants.
  if (typeof value === "string") return value.length <= 16 && /^[0-9]+$/.test(value) ? Number(value) : NaN;
  // Stryker disable next-line ConditionalExpression: any other value kept as n is no number, so the strict Math.floor(n) === n below refuses it
  const n = typeof value === "number" ? value : NaN;
  return n >= 0 && Math.floor(n) === n ? n : NaN;
}
