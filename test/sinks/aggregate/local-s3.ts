import * as fs from 'fs';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** An s3rver server (S3 on the local file system) on 127.0.0.1, and clients for it. */
export interface LocalS3 {
  readonly endpoint: string;
  /** A new client for it: each test may add its own middleware. */
  client(): S3Client;
  createBucket(name: string): Promise<void>;
  /** Every key of a bucket (under a prefix), in S3's order. */
  listKeys(bucket: string, prefix?: string): Promise<string[]>;
  getText(bucket: string, key: string): Promise<string>;
  /** Stops the server and removes its directory. */
  close(): Promise<void>;
}

interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

export async function startS3rver(): Promise<LocalS3> {
  // s3rver has no types and is CommonJS only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const S3rver = require('s3rver') as new (options: { address: string; port: number; silent: boolean; directory: string }) => S3rverServer;
  // A fresh directory each time: s3rver's default is shared by every run on the machine.
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    fs.rmSync(directory, { recursive: true, force: true });
    throw error;
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clients: S3Client[] = [];
  const newClient = () => {
    const client = new S3Client({
      endpoint,
      region: 'us-east-1',
      // s3rver's defaults: it checks signatures.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      // Buckets in the path: a bucket subdomain of 127.0.0.1 does not resolve.
      forcePathStyle: true,
    });
    clients.push(client);
    return client;
  };
  const own = newClient();
  return {
    endpoint,
    client: newClient,
    createBucket: async name => {
      await own.send(new CreateBucketCommand({ Bucket: name }));
    },
    listKeys: async (bucket, prefix) => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await own.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map(o => o.Key!));
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },
    getText: async (bucket, key) => {
      const object = await own.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return object.Body!.transformToString();
    },
    close: async () => {
      clients.forEach(c => c.destroy());
      try {
        await server.close();
      } finally {
        fs.rmSync(directory, { recursive: true, force: true });
      }
    },
  };
}
