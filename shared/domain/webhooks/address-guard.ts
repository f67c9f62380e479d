/**
 * Which IP addresses an outbound webhook may reach. In AWS, only public unicast addresses: never loopback,
 * private (RFC 1918, unique local fc00::/7), link-local (169.254.0.0/16 holds the instance metadata service,
 * 169.254.169.254; fe80::/10), carrier-grade NAT, multicast, reserved or documentation ranges, nor an IPv6 form
 * that embeds a forbidden IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64 64:ff9b::/96,
 * 6to4 2002::/16). Ranges: IANA special-purpose registries
 * https://www.iana.org/assignments/iana-ipv4-special-registry and
 * https://www.iana.org/assignments/iana-ipv6-special-registry; AWS IMDS on IPv6 is fd00:ec2::254 (in fc00::/7),
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-data-retrieval.html
 *
 * `allowLoopback` (the local stage's WEBHOOKS_ALLOW_LOOPBACK) lets 127.0.0.0/8 and ::1 through, nothing else.
 */
export type AddressVerdict = { ok: true } | { ok: false; reason: string };

const IPV4_FORBIDDEN: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'a "this network" address'],
  ['10.0.0.0', 8, 'a private address'],
  ['100.64.0.0', 10, 'a carrier-grade NAT address'],
  ['127.0.0.0', 8, 'a loopback address'],
  ['169.254.0.0', 16, 'a link-local address (the metadata service lives there)'],
  ['172.16.0.0', 12, 'a private address'],
  ['192.0.0.0', 24, 'an IETF protocol address'],
  ['192.0.2.0', 24, 'a documentation address'],
  ['192.88.99.0', 24, 'a 6to4 relay address'],
  ['192.168.0.0', 16, 'a private address'],
  ['198.18.0.0', 15, 'a benchmarking address'],
  ['198.51.100.0', 24, 'a documentation address'],
  ['203.0.113.0', 24, 'a documentation address'],
  ['224.0.0.0', 4, 'a multicast address'],
  ['240.0.0.0', 4, 'a reserved address'],
];

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** 4 or 6 for an IP literal (an IPv6 zone id `%eth0` allowed), 0 for anything else, e.g. a host name. */
export function ipFamily(address: string): 0 | 4 | 6 {
  if (IPV4.test(address)) return 4;
  if (!address.includes(':')) return 0;
  const text = address.split('%')[0] ?? '';
  if ((text.match(/::/g) ?? []).length > 1 || /:::/.test(text)) return 0;
  if ((text.startsWith(':') && !text.startsWith('::')) || (text.endsWith(':') && !text.endsWith('::')))
    return 0;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail && !IPV4.test(tail)) return 0;
  const groups = (tail ? text.slice(0, -tail.length) : text)
    .split(':')
    .filter((g, i, all) => g !== '' || (i > 0 && i < all.length - 1));
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/i.test(g) || g === '')) return 0;
  const count = groups.filter((g) => g !== '').length + (tail ? 2 : 0);
  return text.includes('::') ? (count < 8 ? 6 : 0) : count === 8 ? 6 : 0;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function inIpv4Range(value: number, base: string, prefix: number): boolean {
  const size = 2 ** (32 - prefix);
  const start = ipv4ToNumber(base);
  return value >= start && value < start + size;
}

/** The 8 hextets of an IPv6 address (with `::` expanded and a dotted IPv4 tail converted). */
export function ipv6Hextets(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const n = ipv4ToNumber(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array(missing).fill('0'), ...right].map((h) => Number.parseInt(h, 16));
}

function ipv4Verdict(address: string, allowLoopback: boolean): AddressVerdict {
  const value = ipv4ToNumber(address);
  if (allowLoopback && inIpv4Range(value, '127.0.0.0', 8)) return { ok: true };
  if (value === 0xffffffff) return { ok: false, reason: `${address} is the broadcast address` };
  for (const [base, prefix, what] of IPV4_FORBIDDEN)
    if (inIpv4Range(value, base, prefix)) return { ok: false, reason: `${address} is ${what}` };
  return { ok: true };
}

function embeddedIpv4(h: number[], from: number): string {
  const a = h[from] ?? 0;
  const b = h[from + 1] ?? 0;
  return `${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
}

function ipv6Verdict(address: string, allowLoopback: boolean): AddressVerdict {
  const h = ipv6Hextets(address);
  const refuse = (what: string): AddressVerdict => ({ ok: false, reason: `${address} is ${what}` });
  const zeros = (from: number, to: number) => h.slice(from, to).every((x) => x === 0);
  if (zeros(0, 8)) return refuse('the unspecified address');
  if (zeros(0, 7) && h[7] === 1) return allowLoopback ? { ok: true } : refuse('a loopback address');
  const first = h[0] ?? 0;
  // IPv4 inside IPv6: judged by the IPv4 address it carries (a mapped 127.0.0.1 is loopback, 169.254.169.254 IMDS).
  if (zeros(0, 5) && h[5] === 0xffff) return ipv4Verdict(embeddedIpv4(h, 6), allowLoopback);
  if (zeros(0, 6)) return ipv4Verdict(embeddedIpv4(h, 6), allowLoopback);
  if (first === 0x64 && h[1] === 0xff9b && zeros(2, 6)) return ipv4Verdict(embeddedIpv4(h, 6), false);
  if (first === 0x2002) return ipv4Verdict(embeddedIpv4(h, 1), false);
  if ((first & 0xfe00) === 0xfc00) return refuse('a unique local (private) address');
  if ((first & 0xffc0) === 0xfe80) return refuse('a link-local address');
  if ((first & 0xffc0) === 0xfec0) return refuse('a site-local address');
  if ((first & 0xff00) === 0xff00) return refuse('a multicast address');
  if (first === 0x2001 && h[1] === 0x0db8) return refuse('a documentation address');
  if (first === 0x0100 && zeros(1, 4)) return refuse('a discard-only address');
  return { ok: true };
}

export function addressVerdict(address: string, options: { allowLoopback: boolean }): AddressVerdict {
  const family = ipFamily(address);
  if (family === 4) return ipv4Verdict(address, options.allowLoopback);
  if (family === 6) return ipv6Verdict(address, options.allowLoopback);
  return { ok: false, reason: `${address} is not an IP address` };
}

/**
 * What an endpoint URL must look like: HTTPS, no credentials in it, a host name or a public IP literal. With
 * `allowLoopback`, also http(s) to 127.0.0.1, [::1] or localhost. The delivery re-checks every address the name
 * resolves to at send time (names change; see adapters/http/webhook-transport.ts).
 */
export function endpointUrlProblem(raw: string, options: { allowLoopback: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackHost = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  if (url.protocol !== 'https:' && !(options.allowLoopback && loopbackHost && url.protocol === 'http:'))
    return 'must use https';
  if (host === 'localhost' || host.endsWith('.localhost'))
    return options.allowLoopback ? undefined : 'must not point at this machine';
  if (ipFamily(host)) {
    const verdict = addressVerdict(host, options);
    if (!verdict.ok) return `must be a public address (${verdict.reason})`;
  }
  return undefined;
}
