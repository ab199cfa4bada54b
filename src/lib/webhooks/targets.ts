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

// Neither public nor an ordinary private network: IANA's special-purpose registries (RFC 6890 and
// their updates) for IPv4 and IPv6, whole where a range holds only a few global addresses. The
// IPv6 ranges that embed an IPv4 address (IPv4-compatible, 6to4, Teredo, local-use NAT64) could
// lead anywhere, so they are refused rather than judged by what they embed.
const SPECIAL = blockList([
	['0.0.0.0', 8, 'ipv4'], // "this network"
	['169.254.0.0', 16, 'ipv4'], // link-local, where cloud metadata services answer
	['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
	['192.0.2.0', 24, 'ipv4'], // documentation
	['192.88.99.0', 24, 'ipv4'], // 6to4 relay anycast (deprecated)
	['198.18.0.0', 15, 'ipv4'], // benchmarking
	['198.51.100.0', 24, 'ipv4'], // documentation
	['203.0.113.0', 24, 'ipv4'], // documentation
	['224.0.0.0', 4, 'ipv4'], // multicast
	['240.0.0.0', 4, 'ipv4'], // reserved, and the broadcast address
	['::', 96, 'ipv6'], // unspecified, and IPv4-compatible addresses (deprecated): ::7f00:1 is 127.0.0.1 to some stacks
	['64:ff9b:1::', 48, 'ipv6'], // local-use NAT64
	['100::', 64, 'ipv6'], // discard-only
	['2001::', 23, 'ipv6'], // IETF protocol assignments: Teredo (2001::/32), benchmarking, ORCHID …
	['2001:db8::', 32, 'ipv6'], // documentation
	['2002::', 16, 'ipv6'], // 6to4
	['3fff::', 20, 'ipv6'], // documentation
	['5f00::', 16, 'ipv6'], // segment routing (SRv6) identifiers
	['fe80::', 10, 'ipv6'], // link-local
	['fec0::', 10, 'ipv6'], // site-local (deprecated)
	['ff00::', 8, 'ipv6'] // multicast
]);

/** Only 2000::/3 is global unicast; the rest of the IPv6 space is reserved or one of the ranges above. */
const GLOBAL_UNICAST = blockList([['2000::', 3, 'ipv6']]);

/** An IPv6 address as its eight 16-bit words; `ip` must be one (isIP 6). A zone (`%eth0`) is dropped. */
function ipv6Words(ip: string): number[] {
	let text = ip.replace(/%.*$/, '');
	const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
	if (dotted) {
		const [a, b, c, d] = dotted.slice(1).map(Number);
		text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head, tail] = text.split('::');
	const words = (part: string | undefined) => (part ? part.split(':') : []);
	const gap = tail === undefined ? 0 : 8 - words(head).length - words(tail).length;
	return [...words(head), ...Array<string>(gap).fill('0'), ...words(tail)].map((w) => parseInt(w, 16));
}

const ipv4Of = (words: number[]) => `${words[6] >> 8}.${words[6] & 255}.${words[7] >> 8}.${words[7] & 255}`;

/**
 * The address every check judges, with its family: an IPv4-mapped address (::ffff:10.0.0.1,
 * ::ffff:a00:1) and a well-known-prefix NAT64 one (64:ff9b::a00:1, which a NAT64 gateway
 * forwards to 10.0.0.1) are the IPv4 address they embed.
 */
function unmapped(ip: string): [string, 'ipv4' | 'ipv6'] {
	if (isIP(ip) !== 6) return [ip, 'ipv4'];
	const w = ipv6Words(ip);
	const mapped = w.slice(0, 5).every((x) => x === 0) && w[5] === 0xffff;
	const nat64 = w[0] === 0x64 && w[1] === 0xff9b && w.slice(2, 6).every((x) => x === 0);
	return mapped || nat64 ? [ipv4Of(w), 'ipv4'] : [ip.replace(/%.*$/, ''), 'ipv6'];
}

/** What kind of address `ip` is. */
export function classifyAddress(ip: string): AddressKind {
	const [address, family] = unmapped(ip);
	if (LOOPBACK.check(address, family)) return 'loopback';
	if (PRIVATE.check(address, family)) return 'private';
	if (SPECIAL.check(address, family)) return 'special';
	if (family === 'ipv6' && !GLOBAL_UNICAST.check(address, family)) return 'special';
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
	/** What is sent and which setting widens it, for refusals: webhooks and WEBHOOK_ALLOWED_HOSTS, MT requests and MT_ALLOWED_HOSTS. */
	readonly purpose: PolicyPurpose;
}

export interface PolicyPurpose {
	sends: string;
	setting: string;
}

export const WEBHOOK_PURPOSE: PolicyPurpose = { sends: 'webhooks', setting: 'WEBHOOK_ALLOWED_HOSTS' };

export const DEFAULT_ALLOWED_HOSTS = 'external';

/**
 * Parses WEBHOOK_ALLOWED_HOSTS: a comma-separated list of `external` (public addresses),
 * `loopback`, `private`, `*` (anything), networks in CIDR notation (`10.1.0.0/16`), host names
 * (`cms.internal`) and wildcard host names (`*.example.org`). Throws on an entry it cannot read,
 * so a typo stops the app at start instead of silently allowing or refusing everything.
 */
export function parseTargetPolicy(text: string = DEFAULT_ALLOWED_HOSTS, purpose: PolicyPurpose = WEBHOOK_PURPOSE): TargetPolicy {
	const kinds = new Set<AddressKind>();
	const networks = new BlockList();
	const hosts: string[] = [];
	let any = false;
	for (const raw of text.split(',')) {
		const entry = raw.trim().toLowerCase();
		if (!entry) continue;
		if (entry === '*') any = true;
		else if (entry === 'external' || entry === 'loopback' || entry === 'private') kinds.add(entry);
		else if (entry.includes('/')) addNetwork(networks, entry, purpose.setting);
		else if (/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/.test(entry)) hosts.push(entry.replace(/^\*/, '').replace(/\.$/, ''));
		else throw new Error(`${purpose.setting}: cannot read "${raw.trim()}"; use external, loopback, private, *, a network like 10.0.0.0/8 or a host name.`);
	}
	if (!any && kinds.size === 0 && hosts.length === 0 && networks.rules.length === 0) {
		throw new Error(`${purpose.setting} is empty; leave it unset for its default.`);
	}
	return { any, kinds, networks, hosts, purpose };
}

function addNetwork(networks: BlockList, entry: string, setting: string): void {
	const [network, bits] = entry.split('/');
	const family = isIP(network);
	const prefix = Number(bits);
	if (!family || !/^\d+$/.test(bits ?? '') || prefix > (family === 4 ? 32 : 128)) {
		throw new Error(`${setting}: "${entry}" is not a network in CIDR notation (like 10.0.0.0/8 or fd00::/8).`);
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
	return `${where} is ${KIND_WORDS[kind]}; this server sends ${policy.purpose.sends} only to ${describePolicy(policy)} (${policy.purpose.setting}).`;
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
