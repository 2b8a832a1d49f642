import { describe, expect, it } from 'vitest';
import { formatLocation, parseLocation } from '../../../src/storage/location.ts';

describe('parseLocation', () => {
  it.each([
    ['s3://retention-data/team-a', { kind: 's3', bucket: 'retention-data', prefix: 'team-a' }],
    [
      's3://retention-data/team-a/predictions/',
      { kind: 's3', bucket: 'retention-data', prefix: 'team-a/predictions/' },
    ],
    ['s3://retention-data', { kind: 's3', bucket: 'retention-data', prefix: '' }],
    ['s3://retention-data/', { kind: 's3', bucket: 'retention-data', prefix: '' }],
    ['S3://my.bucket-1/x.csv', { kind: 's3', bucket: 'my.bucket-1', prefix: 'x.csv' }],
    ['data/predictions.csv', { kind: 'local', path: '/home/u/data/predictions.csv' }],
    ['/srv/data', { kind: 'local', path: '/srv/data' }],
    ['file:///srv/data/week.csv', { kind: 'local', path: '/srv/data/week.csv' }],
  ])('reads %s', (text, expected) => {
    expect(parseLocation(text, '/home/u')).toEqual(expected);
  });

  it.each([
    ['', 'the location is empty'],
    ['s3://', 'is not a valid S3 bucket name'],
    ['s3://Upper/x', 'is not a valid S3 bucket name'],
    ['s3://a..b/x', 'is not a valid S3 bucket name'],
    ['s3://bucket/../x', '"." and ".." are not allowed'],
    ['https://example.com/x.csv', 'https:// locations are not supported'],
  ])('refuses %j', (text, why) => {
    expect(() => parseLocation(text, '/home/u')).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringContaining(why) }),
    );
  });

  it('writes a location back as text', () => {
    expect(formatLocation(parseLocation('s3://b-1/team-a'))).toBe('s3://b-1/team-a');
    expect(formatLocation(parseLocation('s3://b-1'))).toBe('s3://b-1');
  });
});
