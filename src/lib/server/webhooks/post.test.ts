import { describe, expect, it } from 'vitest';
import type { LookupAddress } from 'node:dns';
import { guardedLookup, TargetRefused } from './post';
import { parseTargetPolicy } from '../../webhooks/targets';

// The lookup a delivery's socket connects with, fed by a stand-in resolver: no DNS, no network.

type Answer = { err: Error | null; addresses: LookupAddress[] | string; family?: number };

function lookUp(addresses: string[], all: boolean, policy = parseTargetPolicy()): Promise<Answer> {
	const resolved = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
	const lookup = guardedLookup(policy, (_host, _options, callback) => callback(null, resolved));
	return new Promise((resolve) =>
		lookup('hooks.example.org', { all }, (err: Error | null, result: LookupAddress[] | string, family?: number) => resolve({ err, addresses: result, family }))
	);
}

describe('guardedLookup', () => {
	it.each([['127.0.0.1'], ['::7f00:1'], ['::ffff:7f00:1'], ['64:ff9b::a00:1'], ['2002:a00:1::'], ['2001::1'], ['fec0::1'], ['169.254.169.254'], ['3fff::1']])(
		'refuses a name that resolves to %s, saying why',
		async (address) => {
			const { err } = await lookUp([address], false);
			expect(err).toBeInstanceOf(TargetRefused);
			expect(err?.message).toMatch(
				new RegExp(`^hooks\\.example\\.org \\(${address.replace(/\./g, '\\.')}\\) is a .* address; this server sends webhooks only to public addresses`)
			);
		}
	);

	it('connects only to the allowed addresses of a name that resolves to several, for one address or all of them', async () => {
		expect(await lookUp(['::7f00:1', '10.0.0.1', '93.184.216.34'], false)).toEqual({ err: null, addresses: '93.184.216.34', family: 4 });
		expect(await lookUp(['::7f00:1', '2606:4700::1111', 'fe80::1', '93.184.216.34'], true)).toMatchObject({
			err: null,
			addresses: [
				{ address: '2606:4700::1111', family: 6 },
				{ address: '93.184.216.34', family: 4 }
			]
		});
	});

	it('follows the policy: loopback once allowed, every address with *', async () => {
		expect((await lookUp(['::1'], false, parseTargetPolicy('external,loopback'))).err).toBeNull();
		expect((await lookUp(['::7f00:1'], false, parseTargetPolicy('external,loopback'))).err).toBeInstanceOf(TargetRefused);
		expect((await lookUp(['::7f00:1'], false, parseTargetPolicy('*'))).addresses).toBe('::7f00:1');
	});
});
