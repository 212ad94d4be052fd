/**
 * What the simulated module's HTTP client reaches: files by URL, held in memory, each with
 * the fault it should show. The OTA demo and tests put firmware images here and offer their
 * URLs from the cloud side; nothing leaves the process.
 */

/** How a file goes wrong. */
export type FileFault =
  /** Served as it is. */
  | "none"
  /** The server answers 404. */
  | "not-found"
  /** The server says the full length, then closes after half of it. */
  | "cut"
  /** The link drops mid-body every time (the module's read ends early with a socket error). */
  | "drop"
  /** The link drops mid-body the first time only; a new download gets it whole. */
  | "drop-once"
  /** The module cannot reach the host at all (DNS). */
  | "unreachable";

export interface SimFile {
  body: Uint8Array;
  fault: FileFault;
  /** How many times it was fetched. */
  fetches: number;
}

/** What a GET found: a body (of which the module delivers `deliver` bytes), or a module error. */
export type FetchResult = { status: number; body: Uint8Array; deliver: number } | { error: number };

/** Quectel's HTTP error codes used here (HTTP(S) AT commands manual): DNS, socket read. */
export const HTTP_DNS_ERROR = 714;
export const HTTP_SOCKET_READ_ERROR = 717;

export const SIM_FILE_HOST = "ota.sim.invalid";

export class SimFiles {
  private readonly files = new Map<string, SimFile>();

  /** Serve `body` at `http://ota.sim.invalid/<name>`; returns that URL. */
  put(name: string, body: Uint8Array, fault: FileFault = "none"): string {
    const url = `http://${SIM_FILE_HOST}/${name}`;
    this.files.set(url, { body, fault, fetches: 0 });
    return url;
  }

  file(url: string): SimFile | undefined {
    return this.files.get(url);
  }

  fetch(url: string): FetchResult {
    const file = this.files.get(url);
    if (file === undefined) return url.includes(`//${SIM_FILE_HOST}/`) ? { status: 404, body: new Uint8Array(0), deliver: 0 } : { error: HTTP_DNS_ERROR };
    file.fetches++;
    return served(file);
  }
}

/** What the server and the link make of a GET for `file`, by its fault. */
function served(file: SimFile): FetchResult {
  const half = file.body.length >> 1;
  switch (file.fault) {
    case "not-found":
      return { status: 404, body: new Uint8Array(0), deliver: 0 };
    case "unreachable":
      return { error: HTTP_DNS_ERROR };
    case "cut":
    case "drop":
      return { status: 200, body: file.body, deliver: half };
    case "drop-once":
      return { status: 200, body: file.body, deliver: file.fetches === 1 ? half : file.body.length };
    default:
      return { status: 200, body: file.body, deliver: file.body.length };
  }
}
