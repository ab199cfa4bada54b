import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError, isDatabaseUnavailable, unavailableReason } from './unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('isDatabaseUnavailable', () => {
	it.each([
		['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
		['a reset connection', withCode('read ECONNRESET', 'ECONNRESET')],
		['a host not resolvable yet', withCode('getaddrinfo ENOTFOUND db', 'ENOTFOUND')],
		['a postmaster that died', withCode('terminating connection due to unexpected postmaster exit', '57P01')],
		['a crash of another backend', withCode('terminating connection because of crash of another server process', '57P02')],
		['a server still starting', withCode('the database system is starting up', '57P03')],
		['a connection exception', withCode('connection failure', '08006')],
		['too many connections', withCode('sorry, too many clients already', '53300')],
		['a connection that ended', new Error('Connection terminated unexpectedly')],
		['a client whose connection failed', new Error('Client has encountered a connection error and is not queryable')],
		['a pool that could not connect in time', new Error('timeout exceeded when trying to connect')],
		['every address refused', new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], '')],
		['a wrapped cause', new Error('Migration 2026-01_init failed: read ECONNRESET', { cause: withCode('read ECONNRESET', 'ECONNRESET') })],
		['the app waiting for its database', new DatabaseUnavailableError('ECONNREFUSED')]
	])('is true for %s', (_, e) => {
		expect(isDatabaseUnavailable(e)).toBe(true);
	});

	it.each([
		['a unique violation', withCode('duplicate key value violates unique constraint', '23505')],
		['a wrong password', withCode('password authentication failed for user "app"', '28P01')],
		['a missing database', withCode('database "rendition" does not exist', '3D000')],
		['a bug', new TypeError('Cannot read properties of undefined')],
		['an HTTP client hanging up mid-body', withCode('aborted', 'ECONNRESET')],
		['a body read cut off by the client', new TypeError('terminated', { cause: withCode('aborted', 'ECONNRESET') })],
		['a non-error', 'ECONNREFUSED'],
		['nothing', undefined]
	])('is false for %s', (_, e) => {
		expect(isDatabaseUnavailable(e)).toBe(false);
	});
});

describe('unavailableReason', () => {
	it('names the code and the message of the cause, once', () => {
		expect(unavailableReason(new Error('Migration failed', { cause: withCode('the database system is starting up', '57P03') }))).toBe(
			'57P03 the database system is starting up'
		);
		expect(unavailableReason(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('connect ECONNREFUSED 127.0.0.1:5432');
		// Node's error when every address of a host refused: its own message is empty.
		const refused = Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), { code: 'ECONNREFUSED' });
		expect(unavailableReason(refused)).toBe('connect ECONNREFUSED ::1:5432');
	});
});
