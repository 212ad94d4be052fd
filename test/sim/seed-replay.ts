/**
 * Replays the seed's session against a simulator and checks every byte the module sends.
 *
 * Order: the blog's blocks in page order, except that after unsubscribing (block "UNS")
 * the author re-subscribed both topics ("为了之后的测试能够正常进行，重新订阅这两个主题",
 * not shown), so the SUB block is replayed again before the property set arrives; otherwise
 * the set would have no subscriber. Its second replay is checked like the first.
 */
import * as assert from "uvu/assert";
import { parseRecvLine, segmentsOf, sessionBlocks, visible, type SeedSegment } from "./seed-transcript";

export const SEED_PATH = new URL("../fixtures/seed-ec600s-aliyun.html.txt", import.meta.url).pathname;
export const SEED_DEVICE = { productKey: "a1wFylTxYeD", deviceName: "co_0001", deviceSecret: "7ab0c4b3532b5783df5fdc58a2895d7a" };
export const SEED_HOST = "iot-as-mqtt.cn-shanghai.aliyuncs.com";

export interface SeedDriver {
  powerOn(): void;
  send(text: string): void;
  /** The cloud publishes (the console's "online debugging" property set). */
  cloudPublish(topic: string, payload: string): Promise<void>;
  /** Resolves once at least `n` bytes of output are waiting; rejects when they never come. */
  waitForOutput(n: number): Promise<void>;
  /** Lets any further (unexpected) output arrive before the segment is checked. */
  quiet(): Promise<void>;
  /** Takes the output so far, one char per byte. */
  take(): string;
}

/** RDY, PDP, QMTCFG, OPEN/CONN, SUB, UNS, RECV, PUBEX. */
export function seedBlocks(): string[] {
  const blocks = sessionBlocks(SEED_PATH);
  assert.is(blocks.length, 7, "session blocks in the seed");
  return blocks;
}

export function replayOrder(blocks: string[]): string[] {
  const sub = blocks.findIndex((b) => b.startsWith("AT+QMTSUB"));
  const recv = blocks.findIndex((b) => b.startsWith("+QMTRECV"));
  return [...blocks.slice(0, recv), blocks[sub], ...blocks.slice(recv)];
}

async function act(driver: SeedDriver, segment: SeedSegment): Promise<void> {
  if (segment.send !== undefined) return driver.send(segment.send);
  if (segment.expect.startsWith("\r\nRDY")) return driver.powerOn();
  const { topic, payload } = parseRecvLine(segment.expect.trim());
  await driver.cloudPublish(topic, payload);
}

export async function replaySeed(driver: SeedDriver): Promise<number> {
  let checked = 0;
  for (const block of replayOrder(seedBlocks())) {
    for (const segment of segmentsOf(block)) {
      await act(driver, segment);
      await driver.waitForOutput(segment.expect.length);
      await driver.quiet();
      const actual = driver.take();
      assert.is(visible(actual), visible(segment.expect), `after ${JSON.stringify(segment.send ?? "(event)")}`);
      checked += actual.length;
    }
  }
  return checked;
}
