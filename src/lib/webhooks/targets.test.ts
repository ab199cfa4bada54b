import { describe, expect, it } from 'vitest';
import { classifyAddress, describePolicy, parseTargetPolicy, refusal, refuseWithoutLookup } from './targets';

describe('classifyAddress', () => {
	it.each([
		['127.0.0.1', 'loopback'],
		['127.255.0.9', 'loopback'],
		['::1', 'loopback'],
		['::ffff:127.0.0.1', 'loopback'],
		['10.1.2.3', 'private'],
		['172.16.0.1', 'private'],
		['172.31.255.255', 'private'],
		['192.168.1.20', 'private'],
		['100.64.0.1', 'private'],
		['fd12:3456::1', 'private'],
		['::ffff:10.0.0.1', 'private'],
		['169.254.169.254', 'special'],
		['0.0.0.0', 'special'],
		['::', 'special'],
		['fe80::1', 'special'],
		['224.0.0.1', 'special'],
		['255.255.255.255', 'special'],
		['2002:a00:1::', 'special'],
		['172.32.0.1', 'external'],
		['8.8.8.8', 'external'],
		['2606:4700::1111', 'external'],
		['::ffff:8.8.8.8', 'external'],
		// IANA's IPv4 and IPv6 special-purpose address registries, and the ways IPv6 spells an IPv4 address.
		// IPv4-mapped (::ffff:0:0/96), in either spelling: judged by the IPv4 address inside.
		['::ffff:7f00:1', 'loopback'],
		['0:0:0:0:0:ffff:127.0.0.1', 'loopback'],
		['::ffff:a9fe:a9fe', 'special'],
		['::ffff:c0a8:1', 'private'],
		['::ffff:808:808', 'external'],
		// IPv4-compatible (::/96, deprecated): refused whatever it embeds.
		['::7f00:1', 'special'],
		['::127.0.0.1', 'special'],
		['::808:808', 'special'],
		['::0.0.0.2', 'special'],
		// NAT64 with the well-known prefix (64:ff9b::/96): judged by the IPv4 address it reaches.
		['64:ff9b::7f00:1', 'loopback'],
		['64:ff9b::10.0.0.1', 'private'],
		['64:ff9b::a9fe:a9fe', 'special'],
		['64:ff9b::808:808', 'external'],
		// Local-use NAT64 (64:ff9b:1::/48): where the IPv4 address sits depends on the network.
		['64:ff9b:1::a00:1', 'special'],
		['64:ff9b:1:ffff::1', 'special'],
		['100::1', 'special'],
		['100::ffff:ffff:ffff:ffff', 'special'],
		// 2001::/23 and its sub-ranges: Teredo, benchmarking, ORCHID, documentation.
		['2001::1', 'special'],
		['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'special'],
		['2001:2::1', 'special'],
		['2001:10::1', 'special'],
		['2001:1ff:ffff::1', 'special'],
		['2001:200::1', 'external'],
		['2001:db8::1', 'special'],
		['2001:db8:ffff::1', 'special'],
		// 6to4 (2002::/16) embeds an IPv4 address behind a relay: refused.
		['2002:7f00:1::1', 'special'],
		['2002:808:808::1', 'special'],
		['3fff::1', 'special'],
		['3fff:fff:ffff::1', 'special'],
		['3fff:1000::1', 'external'],
		['5f00::1', 'special'],
		['fc00::1', 'private'],
		['fdff:ffff::1', 'private'],
		['fe80::1%eth0', 'special'],
		['febf::1', 'special'],
		['fec0::1', 'special'],
		['feff::1', 'special'],
		['ff02::1', 'special'],
		['::', 'special'],
		['0:0:0:0:0:0:0:1', 'loopback'],
		// Outside 2000::/3 nothing is allocated.
		['4000::1', 'special'],
		['1fff::1', 'special'],
		['2a00:1450::1', 'external'],
		['192.88.99.1', 'special'],
		['192.0.0.8', 'special'],
		['198.19.255.255', 'special'],
		['198.20.0.1', 'external'],
		['0.1.2.3', 'special'],
		['100.127.255.255', 'private'],
		['100.128.0.1', 'external']
	])('%s is %s', (ip, kind) => {
		expect(classifyAddress(ip)).toBe(kind);
	});
});

describe('the default policy (public addresses only)', () => {
	const policy = parseTargetPolicy();

	it('allows public addresses and refuses the rest, saying why and what to set', () => {
		expect(refusal(policy, 'hooks.example.org', '93.184.216.34')).toBeNull();
		expect(refusal(policy, 'hooks.example.org', '10.0.0.5')).toBe(
			'hooks.example.org (10.0.0.5) is a private-network address; this server sends webhooks only to public addresses (WEBHOOK_ALLOWED_HOSTS).'
		);
		expect(refusal(policy, '127.0.0.1', '127.0.0.1')).toMatch(/^127\.0\.0\.1 is a loopback address;/);
		expect(refusal(policy, 'metadata', '169.254.169.254')).toMatch(/link-local or reserved/);
	});

	it('refuses address literals and localhost names when a URL is registered, and leaves other names to delivery', () => {
		for (const url of [
			'http://127.0.0.1:5432/',
			'http://[::1]/',
			'http://localhost:3000/',
			'http://api.localhost/',
			'http://169.254.169.254/latest',
			'http://[::ffff:192.168.0.1]/',
			'http://[::7f00:1]/',
			'http://[::ffff:127.0.0.1]:5432/',
			'http://[64:ff9b::127.0.0.1]/',
			'http://[2002:7f00:1::]/',
			'http://[2001::1]/',
			'http://[fec0::1]/',
			'http://[3fff::1]/'
		])
			expect(refuseWithoutLookup(policy, new URL(url)), url).not.toBeNull();
		for (const url of ['https://example.com/hook', 'http://8.8.8.8/', 'http://intranet.corp/'])
			expect(refuseWithoutLookup(policy, new URL(url)), url).toBeNull();
	});
});

describe('WEBHOOK_ALLOWED_HOSTS', () => {
	it('widens to loopback or private networks by name, and * allows everything', () => {
		const loopback = parseTargetPolicy('external, loopback');
		expect(refusal(loopback, 'localhost', '::1')).toBeNull();
		expect(refusal(loopback, 'x', '192.168.0.1')).toMatch(/only to public addresses and loopback addresses \(WEBHOOK_ALLOWED_HOSTS\)/);
		expect(refusal(parseTargetPolicy('private'), 'x', '192.168.0.1')).toBeNull();
		expect(refusal(parseTargetPolicy('private'), 'x', '8.8.8.8')).toMatch(/a public address/);
		expect(refusal(parseTargetPolicy('*'), 'x', '169.254.169.254')).toBeNull();
	});

	it('allows listed networks and host names, with wildcards for subdomains', () => {
		const policy = parseTargetPolicy('10.20.0.0/16, fd00::/8, cms.internal, *.newsroom.lan');
		expect(refusal(policy, 'x', '10.20.3.4')).toBeNull();
		expect(refusal(policy, 'x', '::ffff:10.20.3.4')).toBeNull();
		expect(refusal(policy, 'x', 'fd00::7')).toBeNull();
		expect(refusal(policy, 'x', '10.21.0.1')).not.toBeNull();
		expect(refusal(policy, 'CMS.internal.', '10.99.0.1')).toBeNull();
		expect(refusal(policy, 'build.newsroom.lan', '192.168.9.9')).toBeNull();
		expect(refusal(policy, 'newsroom.lan.evil.com', '192.168.9.9')).not.toBeNull();
		expect(refusal(policy, 'notcms.internal', '10.99.0.1')).not.toBeNull();
		// Listing hosts does not open public addresses unless `external` is listed too.
		expect(refusal(policy, 'example.com', '8.8.8.8')).toMatch(/the hosts and networks the administrator listed/);
	});

	it('says in words what it allows, for the registration form', () => {
		expect(describePolicy(parseTargetPolicy())).toBe('public addresses');
		expect(describePolicy(parseTargetPolicy('external,loopback,cms.internal'))).toBe(
			'public addresses, loopback addresses and the hosts and networks the administrator listed'
		);
		expect(describePolicy(parseTargetPolicy('*'))).toBe('any address');
	});

	it('refuses a value it cannot read, naming the entry', () => {
		expect(() => parseTargetPolicy('external,privat e')).toThrow(/"privat e"/);
		expect(() => parseTargetPolicy('10.0.0.0/33')).toThrow(/CIDR/);
		expect(() => parseTargetPolicy('10.0.0/8')).toThrow(/CIDR/);
		expect(() => parseTargetPolicy(' , ')).toThrow(/empty/);
	});
});
