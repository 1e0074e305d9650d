import type { UploadedPart } from "./http-body.js";
import type { Params } from "./params.js";
import type { RateLimiter } from "./rate-limits.js";
import type { FakeState } from "./state.js";

/** What a method handler gets for one call. */
export interface MethodContext {
  method: string;
  params: Params;
  files: ReadonlyMap<string, UploadedPart>;
  state: FakeState;
  limiter: RateLimiter;
  /** Aborted when the HTTP client goes away (long polling stops waiting then). */
  signal: AbortSignal;
}

/** Returns the `result` of a successful call or throws an ApiError. */
export type MethodHandler = (context: MethodContext) => unknown;
