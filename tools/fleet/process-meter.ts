/** How hard the one event loop worked: its lag, memory and CPU, to judge how far a fleet goes. */
import { monitorEventLoopDelay } from "node:perf_hooks";

export interface ProcessFigures {
  eventLoopLagP99Ms: number;
  eventLoopLagMaxMs: number;
  rssMb: number;
  cpuS: number;
}

/** Starts measuring; the function returned stops (once) and reads the figures. */
export function startProcessMeter(): () => ProcessFigures {
  const lag = monitorEventLoopDelay({ resolution: 10 });
  const cpu = process.cpuUsage();
  let rss = 0;
  const sampler = setInterval(() => (rss = Math.max(rss, process.memoryUsage.rss())), 500);
  let figures: ProcessFigures | undefined;
  lag.enable();
  return () => {
    if (figures) return figures;
    lag.disable();
    clearInterval(sampler);
    const used = process.cpuUsage(cpu);
    return (figures = {
      eventLoopLagP99Ms: Math.round(lag.percentile(99) / 1e6),
      eventLoopLagMaxMs: Math.round(lag.max / 1e6),
      rssMb: Math.round(Math.max(rss, process.memoryUsage.rss()) / 2 ** 20),
      cpuS: Math.round((used.user + used.system) / 1e5) / 10,
    });
  };
}
