// Per-address limits count an IPv4 address, or an IPv6 client's /64 network.
import { describe, expect, it } from 'vitest';
import { limitedAddress } from '../../../../lib/domain/client-address';

describe('limitedAddress', () => {
  it('keeps an IPv4 address whole', () => {
    expect(limitedAddress('203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts every address of one IPv6 /64 as one client, however it is written', () => {
    const forms = ['2001:db8:1:2::1', '2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2:0:0:0:7', '2001:db8:1:2::1%eth0'];
    expect(new Set(forms.map(limitedAddress))).toEqual(new Set(['2001:db8:1:2::/64']));
    expect(limitedAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(limitedAddress('::1')).toBe('0:0:0:0::/64');
  });

  it('treats an IPv4-mapped IPv6 address as the IPv4 client', () => {
    expect(limitedAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(limitedAddress('::ffff:cb00:7109')).toBe('203.0.113.9');
  });

  it('passes anything that is not an address through unchanged', () => {
    expect(limitedAddress('unknown')).toBe('unknown');
  });
});
