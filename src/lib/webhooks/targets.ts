import { BlockList, isIP } from 'node:net';

// Which addresses webhooks may be sent to. A project owner chooses the URL, but the server makes
// the request: without a limit, an owner could make Rendition POST to its own database port, an
// admin interface on the private network or a cloud metadata service. The default is public
// addresses only; a self-hosted install that posts to an internal CMS widens it with
// WEBHOOK_ALLOWED_HOSTS (the same vocabulary as Gitea's webhook ALLOWED_HOST_LIST).

export type AddressKind = 'loopback' | 'private' | 'special' | 'external';

function blockList(entries: [string, number, 'ipv4' | 'ipv6'][]): BlockList {
	const list = new BlockList();
	for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
	return list;
}

const LOOPBACK = blockList([
	['127.0.0.0', 8, 'ipv4'],
	['::1', 128, 'ipv6']
]);

const PRIVATE = blockList([
	['10.0.0.0', 8, 'ipv4'],
	['172.16.0.0', 12, 'ipv4'],
	['192.168.0.0', 16, 'ipv4'],
	['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT
	['fc00::', 7, 'ipv6'] // unique local
]);

// Neither public nor an ordinary private network: link-local (where cloud metadata services
// answer), unspecified, multicast, documentation and benchmarking ranges, and IPv6 ranges that
// embed an IPv4 address (NAT64, 6to4) and so could lead anywhere.
const SPECIAL = blockList([
	['0.0.0.0', 8, 'ipv4'],
	['169.254.0.0', 16, 'ipv4'],
	['192.0.0.0', 24, 'ipv4'],
	['192.0.2.0', 24, 'ipv4'],
	['198.18.0.0', 15, 'ipv4'],
	['198.51.100.0', 24, 'ipv4'],
	['203.0.113.0', 24, 'ipv4'],
	['224.0.0.0', 4, 'ipv4'],
	['240.0.0.0', 4, 'ipv4'],
	['::', 128, 'ipv6'],
	['64:ff9b::', 96, 'ipv6'],
	['100::', 64, 'ipv6'],
	['2001:db8::', 32, 'ipv6'],
	['2002::', 16, 'ipv6'],
	['fe80::', 10, 'ipv6'],
	['ff00::', 8, 'ipv6']
]);

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address inside, for every check. */
function unmapped(ip: string): [string, 'ipv4' | 'ipv6'] {
	const address = MAPPED_IPV4.exec(ip)?.[1] ?? ip;
	return [address, isIP(address) === 6 ? 'ipv6' : 'ipv4'];
}

/** What kind of address `ip` is. */
export function classifyAddress(ip: string): AddressKind {
	const [address, family] = unmapped(ip);
	if (LOOPBACK.check(address, family)) return 'loopback';
	if (PRIVATE.check(address, family)) return 'private';
	if (SPECIAL.check(address, family)) return 'special';
	return 'external';
}

const KIND_WORDS: Record<AddressKind, string> = {
	loopback: 'a loopback address',
	private: 'a private-network address',
	special: 'a link-local or reserved address',
	external: 'a public address'
};

export interface TargetPolicy {
	readonly any: boolean;
	readonly kinds: ReadonlySet<AddressKind>;
	readonly networks: BlockList;
	/** Host names (lower case); `*.example.org` entries as `.example.org`. */
	readonly hosts: readonly string[];
}

export const DEFAULT_ALLOWED_HOSTS = 'external';

/**
 * Parses WEBHOOK_ALLOWED_HOSTS: a comma-separated list of `external` (public addresses),
 * `loopback`, `private`, `*` (anything), networks in CIDR notation (`10.1.0.0/16`), host names
 * (`cms.internal`) and wildcard host names (`*.example.org`). Throws on an entry it cannot read,
 * so a typo stops the app at start instead of silently allowing or refusing everything.
 */
export function parseTargetPolicy(text: string = DEFAULT_ALLOWED_HOSTS): TargetPolicy {
	const kinds = new Set<AddressKind>();
	const networks = new BlockList();
	const hosts: string[] = [];
	let any = false;
	for (const raw of text.split(',')) {
		const entry = raw.trim().toLowerCase();
		if (!entry) continue;
		if (entry === '*') any = true;
		else if (entry === 'external' || entry === 'loopback' || entry === 'private') kinds.add(entry);
		else if (entry.includes('/')) addNetwork(networks, entry);
		else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) hosts.push(entry.replace(/^\*/, '').replace(/\.$/, ''));
		else throw new Error(`WEBHOOK_ALLOWED_HOSTS: cannot read "${raw.trim()}"; use external, loopback, private, *, a network like 10.0.0.0/8 or a host name.`);
	}
	if (!any && kinds.size === 0 && hosts.length === 0 && networks.rules.length === 0) {
		throw new Error('WEBHOOK_ALLOWED_HOSTS is empty; leave it unset for public addresses only.');
	}
	return { any, kinds, networks, hosts };
}

function addNetwork(networks: BlockList, entry: string): void {
	const [network, bits] = entry.split('/');
	const family = isIP(network);
	const prefix = Number(bits);
	if (!family || !/^\d+$/.test(bits ?? '') || prefix > (family === 4 ? 32 : 128)) {
		throw new Error(`WEBHOOK_ALLOWED_HOSTS: "${entry}" is not a network in CIDR notation (like 10.0.0.0/8 or fd00::/8).`);
	}
	networks.addSubnet(network, prefix, family === 4 ? 'ipv4' : 'ipv6');
}

function hostListed(policy: TargetPolicy, hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return policy.hosts.some((h) => (h.startsWith('.') ? host.endsWith(h) : host === h));
}

/**
 * Why a request to `address` (what `hostname` resolved to) is not allowed, or null when it is.
 * A listed host name allows whatever it resolves to: the administrator named it.
 */
export function refusal(policy: TargetPolicy, hostname: string, address: string): string | null {
	if (policy.any || hostListed(policy, hostname)) return null;
	const kind = classifyAddress(address);
	if (policy.kinds.has(kind)) return null;
	if (policy.networks.check(...unmapped(address))) return null;
	const where = hostname === address || hostname === `[${address}]` ? address : `${hostname} (${address})`;
	return `${where} is ${KIND_WORDS[kind]}; this server sends webhooks only to ${describePolicy(policy)} (WEBHOOK_ALLOWED_HOSTS).`;
}

/** What the policy allows, in words: "public addresses and loopback addresses". */
export function describePolicy(policy: TargetPolicy): string {
	if (policy.any) return 'any address';
	const parts = [...policy.kinds].map((k) => (k === 'external' ? 'public addresses' : `${k} addresses`));
	if (policy.hosts.length || policy.networks.rules.length) parts.push('the hosts and networks the administrator listed');
	return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : parts.join('');
}

/** Host names that always mean this machine, without asking DNS. */
export function isLocalhostName(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * The check that needs no DNS: an address literal or a localhost name the policy refuses. It runs
 * when an owner registers a URL and before each delivery; other names are checked once resolved.
 */
export function refuseWithoutLookup(policy: TargetPolicy, url: URL): string | null {
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	if (isIP(host)) return refusal(policy, url.hostname, host);
	if (isLocalhostName(host)) return refusal(policy, url.hostname, '127.0.0.1');
	return null;
}
