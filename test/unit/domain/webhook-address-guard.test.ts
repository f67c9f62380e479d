import { describe, expect, it } from 'vitest';
import { addressVerdict, endpointUrlProblem, ipFamily } from '../../../shared/domain/webhooks/address-guard';

const aws = { allowLoopback: false };
const local = { allowLoopback: true };

describe('Function: addressVerdict', () => {
  it('refuses loopback, private, link-local, metadata and reserved IPv4 addresses', () => {
    // Prepare
    const refused = [
      '127.0.0.1',
      '127.8.9.10',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '198.18.0.1',
    ];

    // Act
    const verdicts = refused.map((address) => addressVerdict(address, aws));

    // Assess
    for (const verdict of verdicts) expect(verdict.ok).toBe(false);
    expect(addressVerdict('169.254.169.254', aws)).toEqual({
      ok: false,
      reason: '169.254.169.254 is a link-local address (the metadata service lives there)',
    });
  });

  it('refuses IPv6 loopback, unique local (fc00::/7 with the AWS IPv6 metadata address), link-local and multicast', () => {
    // Assess
    for (const address of [
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fd00:ec2::254',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      '2001:db8::1',
    ])
      expect(addressVerdict(address, aws).ok, address).toBe(false);
  });

  it('judges IPv4 embedded in IPv6 by the IPv4 address (mapped, compatible, NAT64, 6to4)', () => {
    // Assess
    for (const address of [
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:169.254.169.254',
      '::ffff:a9fe:a9fe',
      '::ffff:10.0.0.1',
      '::127.0.0.1',
      '64:ff9b::a9fe:a9fe',
      '2002:a9fe:a9fe::1',
    ])
      expect(addressVerdict(address, aws).ok, address).toBe(false);
    expect(addressVerdict('::ffff:8.8.8.8', aws).ok).toBe(true);
  });

  it('lets public addresses through', () => {
    // Assess
    for (const address of [
      '8.8.8.8',
      '1.1.1.1',
      '172.32.0.1',
      '2606:4700:4700::1111',
      '2a00:1450:4007::200e',
    ])
      expect(addressVerdict(address, aws).ok, address).toBe(true);
  });

  it('lets the local stage reach loopback only, never the rest', () => {
    // Assess
    expect(addressVerdict('127.0.0.1', local).ok).toBe(true);
    expect(addressVerdict('::1', local).ok).toBe(true);
    expect(addressVerdict('::ffff:127.0.0.1', local).ok).toBe(true);
    expect(addressVerdict('10.0.0.1', local).ok).toBe(false);
    expect(addressVerdict('169.254.169.254', local).ok).toBe(false);
    expect(addressVerdict('fc00::1', local).ok).toBe(false);
  });
});

describe('Function: ipFamily', () => {
  it('tells IP literals from host names', () => {
    // Assess
    expect(ipFamily('1.2.3.4')).toBe(4);
    expect(ipFamily('::ffff:1.2.3.4')).toBe(6);
    expect(ipFamily('hooks.zapier.com')).toBe(0);
    expect(ipFamily('1::2::3')).toBe(0);
    expect(ipFamily('999.1.1.1')).toBe(0);
  });
});

describe('Function: endpointUrlProblem', () => {
  it('wants https to a host name or a public address', () => {
    // Assess
    expect(endpointUrlProblem('https://hooks.zapier.com/hooks/catch/1/abc', aws)).toBeUndefined();
    expect(endpointUrlProblem('http://hooks.zapier.com/x', aws)).toBe('must use https');
    expect(endpointUrlProblem('https://user:pw@example.com/', aws)).toBe('must not carry credentials');
    expect(endpointUrlProblem('https://10.0.0.1/', aws)).toMatch(/public address/);
    expect(endpointUrlProblem('https://[::1]/', aws)).toMatch(/loopback/);
    expect(endpointUrlProblem('https://[::ffff:169.254.169.254]/', aws)).toMatch(/link-local/);
    expect(endpointUrlProblem('https://localhost/', aws)).toBe('must not point at this machine');
    expect(endpointUrlProblem('http://127.0.0.1:8080/', aws)).toBe('must use https');
    expect(endpointUrlProblem('not a url', aws)).toBe('must be an absolute URL');
  });

  it('accepts http to loopback on the local stage only', () => {
    // Assess
    expect(endpointUrlProblem('http://127.0.0.1:8080/hook', local)).toBeUndefined();
    expect(endpointUrlProblem('http://localhost:8080/hook', local)).toBeUndefined();
    expect(endpointUrlProblem('http://example.com/hook', local)).toBe('must use https');
  });
});
