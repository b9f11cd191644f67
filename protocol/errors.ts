/** Every error the server sends has this one JSON shape. */
export interface ErrorBody {
  statusCode: number;
  /** The HTTP reason phrase, e.g. "Bad Request". */
  error: string;
  /** Stable machine-readable code, e.g. RB_ERR_UNKNOWN_WINDOW. */
  code: string;
  /** What went wrong and what to do about it. */
  message: string;
}

export const ERROR_CODES = [
  'RB_ERR_BAD_JSON',
  'RB_ERR_VALIDATION',
  'RB_ERR_SHAPE',
  'RB_ERR_UNKNOWN_ENV',
  'RB_ERR_UNKNOWN_WINDOW',
  'RB_ERR_UNKNOWN_TRACE',
  'RB_ERR_WRONG_WINDOW_TYPE',
  'RB_ERR_BODY_TOO_LARGE',
  'RB_ERR_UNAUTHORIZED',
  'RB_ERR_FORBIDDEN_ORIGIN',
  'RB_ERR_FORBIDDEN_HOST',
  'RB_ERR_TOO_DEEP',
  'RB_ERR_BAD_URL',
  'RB_ERR_NO_ROUTE',
  'RB_ERR_ID_TOO_LONG',
  'RB_ERR_ENV_EXISTS',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
