/**
 * A database that cannot take a write answers with its cause and what to do: a full disk
 * 507, a read-only, locked, failing or damaged database 503, never a bare "internal error".
 * Each case is made real on a real SQLite file.
 */
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { storageError } from '../server/storage-errors.js';
import { get, post, sqliteOf, startServer } from './helpers.js';

const line = { win: 'loss', Y: [1, 2, 3] };

describe('a write the database cannot take', () => {
  it('answers 507 RB_ERR_DISK_FULL when the database cannot grow, and keeps serving reads', async () => {
    const srv = await startServer();
    expect((await post(`${srv.url}/api/env/main/line`, line)).status).toBe(200);
    // SQLite's own limit on the file's size: the same SQLITE_FULL a full disk gives.
    const pages = sqliteOf(srv).db.pragma('page_count', { simple: true }) as number;
    sqliteOf(srv).db.pragma(`max_page_count = ${pages}`);
    const big = { win: 'big', Y: Array.from({ length: 20_000 }, (_, i) => i) };
    const res = await post(`${srv.url}/api/env/main/line`, big);
    expect(res.status).toBe(507);
    expect(res.body).toMatchObject({ code: 'RB_ERR_DISK_FULL', error: 'Insufficient Storage', message: expect.stringMatching(/disk .* is full \(SQLITE_FULL\).*free space/) });
    expect((await get(`${srv.url}/api/env/main/win/loss/data`)).body.traces[0].y).toEqual([1, 2, 3]);
    expect((await get(`${srv.url}/api/env/main/win/big`)).status).toBe(404);
  });

  it('answers 503 RB_ERR_DB_READ_ONLY when the database is read-only', async () => {
    const srv = await startServer();
    // chmod does not stop root (tests may run as root); query_only makes SQLite refuse writes as a read-only file does.
    sqliteOf(srv).db.pragma('query_only = ON');
    const res = await post(`${srv.url}/api/env/main/line`, line);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ code: 'RB_ERR_DB_READ_ONLY', message: expect.stringMatching(/read-only \(SQLITE_READONLY.*\).*writable/) });
  });

  it('answers 503 RB_ERR_DB_BUSY, with Retry-After, while another program holds a write transaction', async () => {
    const srv = await startServer();
    expect((await post(`${srv.url}/api/env/main/line`, line)).status).toBe(200);
    sqliteOf(srv).db.pragma('busy_timeout = 50');
    const other = new Database(srv.dbPath);
    onTestFinished(() => {
      other.close();
    });
    other.exec('BEGIN IMMEDIATE');
    const res = await fetch(`${srv.url}/api/env/main/line`, { method: 'POST', body: JSON.stringify({ ...line, win: 'w2' }) });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({ code: 'RB_ERR_DB_BUSY', message: expect.stringMatching(/locked by another program \(SQLITE_BUSY\)/) });
    other.exec('COMMIT');
    expect((await post(`${srv.url}/api/env/main/line`, { ...line, win: 'w2' })).status).toBe(200);
  });

  it('maps failing and damaged files by their extended codes', () => {
    const cases: [string, number, string][] = [
      ['SQLITE_IOERR_WRITE', 503, 'RB_ERR_DB_IO'],
      ['SQLITE_CORRUPT', 503, 'RB_ERR_DB_CORRUPT'],
      ['SQLITE_NOTADB', 503, 'RB_ERR_DB_CORRUPT'],
      ['SQLITE_LOCKED_SHAREDCACHE', 503, 'RB_ERR_DB_BUSY'],
      ['SQLITE_READONLY_DBMOVED', 503, 'RB_ERR_DB_READ_ONLY'],
    ];
    for (const [code, status, ours] of cases) expect(storageError(new Database.SqliteError('x', code))).toMatchObject({ statusCode: status, code: ours });
    expect(storageError(new Database.SqliteError('x', 'SQLITE_CONSTRAINT'))).toBeNull();
    expect(storageError(new Error('SQLITE_FULL'))).toBeNull();
  });
});
