import { describe, expect, it } from 'vitest';
import { createS3ClientFromEnv } from '../../../src/storage/s3-client.ts';

describe('createS3ClientFromEnv', () => {
  it('uses AWS_ENDPOINT_URL_S3 before AWS_ENDPOINT_URL, with path-style URLs', async () => {
    // Prepare
    const env = { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568', AWS_ENDPOINT_URL: 'http://127.0.0.1:1' };
    // Act
    const client = createS3ClientFromEnv(env);
    // Assess
    const endpoint = await client.config.endpoint?.();
    expect(endpoint?.hostname).toBe('127.0.0.1');
    expect(endpoint?.port).toBe(4568);
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.region()).toBe('us-east-1');
    expect(await client.config.maxAttempts()).toBe(3);
  });

  it('falls back to AWS_ENDPOINT_URL and honours the region and AWS_MAX_ATTEMPTS', async () => {
    // Prepare
    const env = { AWS_ENDPOINT_URL: 'https://minio.internal:9000', AWS_REGION: 'eu-west-3', AWS_MAX_ATTEMPTS: '5' };
    // Act
    const client = createS3ClientFromEnv(env);
    // Assess
    expect((await client.config.endpoint?.())?.hostname).toBe('minio.internal');
    expect(await client.config.region()).toBe('eu-west-3');
    expect(await client.config.maxAttempts()).toBe(5);
  });

  it('leaves addressing to the SDK without an endpoint', async () => {
    // Act
    const client = createS3ClientFromEnv({ AWS_REGION: 'us-west-2' });
    // Assess
    expect(client.config.forcePathStyle).toBeFalsy();
    expect(await client.config.region()).toBe('us-west-2');
  });

  it.each([
    [{ AWS_ENDPOINT_URL_S3: 'localhost:9000' }, 'AWS_ENDPOINT_URL_S3 must be an http(s) URL'],
    [{ AWS_ENDPOINT_URL: 'ftp://x' }, 'AWS_ENDPOINT_URL must be an http(s) URL'],
    [{ AWS_MAX_ATTEMPTS: 'lots' }, 'AWS_MAX_ATTEMPTS'],
  ])('refuses %j naming the variable', (env, why) => {
    expect(() => createS3ClientFromEnv(env)).toThrow(
      expect.objectContaining({ code: 'CONFIG', message: expect.stringContaining(why) }),
    );
  });
});
