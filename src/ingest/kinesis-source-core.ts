import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { KinesisReaderBinding } from './kinesis-reader-binding';
import { KinesisWriterBinding } from './kinesis-writer-binding';
import { ReaderRegistry } from './reader-registry';
import { grantStreamRead, grantStreamWrite } from './stream-grants';
import { WriterLoad, WriterRegistry } from './writer-registry';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { IRegistrySchema } from '../schema/registry-schema';
import { IReaderBinding } from '../source/reader-binding';
import { StreamReader, StreamReaderOptions } from '../source/stream-reader';
import { StreamWriter, StreamWriterOptions } from '../source/stream-writer';
import { IWriterBinding } from '../source/writer-binding';

/**
 * What every Kinesis source does the same way, whether it made the stream
 * (`StreamingIngest`) or was given it (`StreamSource.fromStream()`): readers are kept
 * with the stream, so that every source of one stream shares them; grants include the
 * source's schema.
 */
export class KinesisSourceCore {
  private readonly registry: ReaderRegistry;
  private readonly writerRegistry: WriterRegistry;

  constructor(private readonly stream: kinesis.IStream, private readonly schema: IRegistrySchema | undefined) {
    this.registry = ReaderRegistry.of(stream);
    this.writerRegistry = WriterRegistry.of(stream);
  }

  /** The writers bound to the stream so far, through any of its sources. */
  public get writers(): StreamWriter[] {
    return [...this.writerRegistry.writers];
  }

  /** What the bound writers put together, sizing unsized records as `declared` does. */
  public writerLoad(declared?: StreamWorkload): WriterLoad {
    return this.writerRegistry.load(declared);
  }

  /** What the bound writers put together, when it is more than `declared` states. */
  public writersAbove(declared: StreamWorkload): WriterLoad | undefined {
    return this.writerRegistry.exceeds(declared) ? this.writerRegistry.load(declared) : undefined;
  }

  /** The readers bound to the stream so far, through any of its sources. */
  public get readers(): StreamReader[] {
    return [...this.registry.readers];
  }

  /** The declared workload adjusted to the writers and readers bound so far. */
  public effectiveWorkload(declared: StreamWorkload): StreamWorkload {
    return this.registry.effectiveWorkload(this.writerRegistry.effectiveWorkload(declared));
  }

  public bindWriter(scope: Construct, options: StreamWriterOptions): IWriterBinding {
    this.writerRegistry.bind(scope, options);
    return new KinesisWriterBinding(this.stream);
  }

  public bindReader(scope: Construct, options: StreamReaderOptions): IReaderBinding {
    return new KinesisReaderBinding(this.stream, this.schema, this.registry.bind(scope, options));
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return grantStreamRead(this.stream, this.schema, grantee);
  }

  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    return grantStreamWrite(this.stream, this.schema, grantee);
  }
}
