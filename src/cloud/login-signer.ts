import type { HmacService } from "../hal";
import type { CloudProfile } from "./profile";
import { HmacSha256 } from "./sign/hmac-sha256";

/**
 * Computes a profile's password, if it needs one computed (OneNET's token, Huawei's HMAC),
 * before the modem logs in. With the host's native HMAC it is one call; without, one slice
 * of the TypeScript HMAC-SHA256 per `step()`, so that no turn runs long on the device. The
 * firmware steps it from its poll and starts the modem once it is done.
 */
export class LoginSigner {
  /** Why signing failed, or null. */
  error: string | null = null;
  private readonly profile: CloudProfile;
  private readonly hmac: HmacSha256 | null;
  private readonly digest = new Uint8Array(32);
  private finished: boolean;

  constructor(profile: CloudProfile, native: HmacService | undefined) {
    this.profile = profile;
    const signing = profile.signing;
    this.finished = signing === null;
    this.hmac = null;
    if (signing === null) return;
    if (native !== undefined && native.sha256(signing.key, signing.keyLength, signing.message, this.digest)) {
      this.complete();
      return;
    }
    this.hmac = new HmacSha256();
    if (!this.hmac.start(signing.key, signing.keyLength, signing.message)) this.error = this.profile.name + ": cannot sign the login: " + this.hmac.error;
  }

  /** The login is ready (or could not be made: see `error`). */
  get done(): boolean {
    return this.finished || this.error !== null;
  }

  /** One slice of work; true once the login is ready. */
  step(): boolean {
    if (this.done) return this.finished;
    const hmac = this.hmac as HmacSha256;
    if (hmac.step()) {
      hmac.digestInto(this.digest, 0);
      this.complete();
    }
    return this.finished;
  }

  private complete(): void {
    const signing = this.profile.signing;
    // Stryker disable next-line ConditionalExpression: complete() runs only for a profile with signing; the test is for the type checker
    if (signing !== null) this.profile.login.password = signing.password(this.digest);
    this.finished = true;
  }
}
