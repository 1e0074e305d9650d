/** A Bot API failure, rendered as `{ ok: false, error_code, description, parameters? }`. */
export class ApiError extends Error {
  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfter?: number,
  ) {
    super(description);
    this.name = "ApiError";
  }

  toJSON(): {
    ok: false;
    error_code: number;
    description: string;
    parameters?: { retry_after: number };
  } {
    return {
      ok: false,
      error_code: this.errorCode,
      description: this.description,
      ...(this.retryAfter === undefined ? {} : { parameters: { retry_after: this.retryAfter } }),
    };
  }
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, `Bad Request: ${message}`);
}

export function forbidden(message: string): ApiError {
  return new ApiError(403, `Forbidden: ${message}`);
}

export function conflict(message: string): ApiError {
  return new ApiError(409, `Conflict: ${message}`);
}

export function tooManyRequests(retryAfter: number): ApiError {
  return new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, retryAfter);
}

export const UNAUTHORIZED = (): ApiError => new ApiError(401, "Unauthorized");
export const NOT_FOUND = (): ApiError => new ApiError(404, "Not Found");

/** The default description Telegram uses for an error code, for injected failures. */
export function defaultDescription(errorCode: number, retryAfter: number | undefined): string {
  switch (errorCode) {
    case 400:
      return "Bad Request: injected failure";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden: bot was blocked by the user";
    case 404:
      return "Not Found";
    case 409:
      return "Conflict: injected failure";
    case 429:
      return `Too Many Requests: retry after ${retryAfter ?? 1}`;
    case 500:
      return "Internal Server Error";
    case 502:
      return "Bad Gateway";
    default:
      return `Error ${errorCode}`;
  }
}
