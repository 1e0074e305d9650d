import { ApiError, defaultDescription } from "./api-error.js";

export interface InjectedFailure {
  error_code: number;
  /** Defaults to Telegram's usual text for the code ("Internal Server Error", …). */
  description?: string;
  retry_after?: number;
  /** How many matching calls fail; default 1, `Infinity` for "until cleared". */
  times?: number;
}

interface Rule {
  failure: InjectedFailure;
  remaining: number;
}

/** Scheduled failures for 5xx/429/403/400 scenarios, matched by method or by target chat. */
export class FaultInjector {
  private readonly byMethod = new Map<string, Rule[]>();
  private readonly byChat = new Map<number, Rule[]>();

  /** `method` is matched case-insensitively; '*' matches every method except getUpdates. */
  failNext(method: string, failure: InjectedFailure): void {
    const key = method === "*" ? "*" : method.toLowerCase();
    this.byMethod.set(key, [...(this.byMethod.get(key) ?? []), { failure, remaining: failure.times ?? 1 }]);
  }

  failFor(chatId: number, failure: InjectedFailure): void {
    this.byChat.set(chatId, [...(this.byChat.get(chatId) ?? []), { failure, remaining: failure.times ?? 1 }]);
  }

  clear(): void {
    this.byMethod.clear();
    this.byChat.clear();
  }

  /** The failure to answer this call with, consuming one use of the matching rule. */
  take(method: string, chatId: number | undefined): ApiError | undefined {
    const candidates = [
      this.byMethod.get(method.toLowerCase()),
      method.toLowerCase() === "getupdates" ? undefined : this.byMethod.get("*"),
      chatId === undefined ? undefined : this.byChat.get(chatId),
    ];
    for (const rules of candidates) {
      const rule = rules?.find((candidate) => candidate.remaining > 0);
      if (rule === undefined) continue;
      rule.remaining--;
      const { error_code: code, retry_after: retryAfter } = rule.failure;
      return new ApiError(
        code,
        rule.failure.description ?? defaultDescription(code, retryAfter),
        code === 429 ? (retryAfter ?? 1) : retryAfter,
      );
    }
    return undefined;
  }
}
