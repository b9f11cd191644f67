/**
 * Every error the server raises on purpose: a stable code, a status, and a message
 * that tells the caller what to fix. Fastify's one error handler renders them as
 * { statusCode, error, code, message }.
 */
import createError from '@fastify/error';

export const BadJsonError = createError('RB_ERR_BAD_JSON', 'Body is not valid JSON: %s', 400);
export const TooDeepError = createError(
  'RB_ERR_TOO_DEEP',
  'Body nests arrays or objects deeper than %s levels; flatten it',
  400,
);
export const BadUrlError = createError(
  'RB_ERR_BAD_URL',
  'URL is not valid: its percent-escapes must decode to UTF-8; encode ids with encodeURIComponent',
  400,
);
export const IdTooLongError = createError('RB_ERR_ID_TOO_LONG', 'An id in the URL is longer than %s characters; use a shorter env or window id', 414);
export const NoRouteError = createError('RB_ERR_NO_ROUTE', 'No route %s %s; the API is described in protocol/README.md', 404);
export const MethodNotAllowedError = createError('RB_ERR_METHOD_NOT_ALLOWED', '%s %s is not served; send it as %s (see protocol/README.md)', 405);
export const ShapeError = createError('RB_ERR_SHAPE', '%s', 400);
export const ValidationError = createError('RB_ERR_VALIDATION', '%s', 400);
export const UnknownEnvError = createError('RB_ERR_UNKNOWN_ENV', 'No env %s; list envs with GET /api/envs', 404);
export const UnknownWindowError = createError(
  'RB_ERR_UNKNOWN_WINDOW',
  'No window %s in env %s; list its windows with GET /api/env/:env',
  404,
);
export const ClosedWindowNotFoundError = createError(
  'RB_ERR_UNKNOWN_WINDOW',
  'No closed window %s in env %s to reopen; it is open already, or was never there (list windows with GET /api/env/:env)',
  404,
);
export const UnknownTraceError = createError('RB_ERR_UNKNOWN_TRACE', 'Window %s has no trace named %s', 404);
export const WrongWindowTypeError = createError('RB_ERR_WRONG_WINDOW_TYPE', '%s', 409);
export const BodyTooLargeError = createError(
  'RB_ERR_BODY_TOO_LARGE',
  'Body is larger than the limit of %s bytes; send fewer points per request or raise --body-limit',
  413,
);
export const TooManyPointsError = createError(
  'RB_ERR_TOO_MANY_POINTS',
  'The request carries more than %s points (values of Y and other arrays, not counting X); send at most %s per request, in several requests (append the rest with update="append"), or raise --max-points',
  413,
);
export const OptsTooLargeError = createError('RB_ERR_OPTS_TOO_LARGE', '%s holds %s; send a smaller one (opts are merged into the window on every write)', 413);
export const TooManyKeysError = createError('RB_ERR_TOO_MANY_KEYS', 'The body holds more than %s object keys; send smaller objects, in several requests', 413);
export const EnvExistsError = createError('RB_ERR_ENV_EXISTS', 'An env named %s already exists; pick another name or delete it first', 409);
export const ImportEnvExistsError = createError(
  'RB_ERR_ENV_EXISTS',
  'An env named %s already exists and nothing was imported; import again with ?onExists=replace to replace it, or ?onExists=rename to import it under a new name',
  409,
);
export const UnauthorizedError = createError('RB_ERR_UNAUTHORIZED', '%s', 401);
export const TooManyLoginsError = createError(
  'RB_ERR_TOO_MANY_LOGINS',
  'Too many failed logins from this address; wait %s s (Retry-After) before trying again, and check the username and password',
  429,
);
export const ReadOnlyError = createError('RB_ERR_READ_ONLY', 'This credential may only read; %s needs %s', 403);
export const ForbiddenOriginError = createError(
  'RB_ERR_FORBIDDEN_ORIGIN',
  'Origin %s does not match this server; pages on other sites may not write or open sockets here (send the token to allow it)',
  403,
);
export const ForbiddenHostError = createError(
  'RB_ERR_FORBIDDEN_HOST',
  'Host %s is not a loopback name; open runboard as localhost or 127.0.0.1, or (behind a reverse proxy) start it with --allow-host <that name>',
  403,
);

// The database could not do a request's write or read: said plainly, with what to do.
export const DiskFullError = createError(
  'RB_ERR_DISK_FULL',
  'The disk holding the database is full (%s), so this write was rolled back; free space there (or move the database with --db) and send it again',
  507,
);
export const DbReadOnlyError = createError(
  'RB_ERR_DB_READ_ONLY',
  'The database is read-only (%s), so this write was rolled back; make the database file and its folder writable by the server, then send it again',
  503,
);
export const DbBusyError = createError(
  'RB_ERR_DB_BUSY',
  'The database is locked by another program (%s); retry shortly, and stop whatever else holds a write transaction on the file (an open sqlite3 shell, a backup)',
  503,
);
export const DbIoError = createError(
  'RB_ERR_DB_IO',
  'The disk failed a read or write of the database (%s); check the disk (dmesg) and restart runboard with --check',
  503,
);
export const DbCorruptError = createError(
  'RB_ERR_DB_CORRUPT',
  'The database file is damaged (%s); stop runboard and restore the file from a backup (npm run backup makes one), or save what is readable with `sqlite3 FILE .recover | sqlite3 NEW.db` and start on NEW.db with --check',
  503,
);
export const DbUnavailableError = createError(
  'RB_ERR_DB_UNAVAILABLE',
  'The database server cannot be reached (%s), so nothing was stored; send it again once Postgres is back (runboard reconnects by itself)',
  503,
);
