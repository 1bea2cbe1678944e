import { Annotations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { accessLogsBucket } from './access-logs-bucket';
import { ORDER_PLACED } from './order-events';
import { ArchiveFormat, ArchiveToLake, IndexToOpenSearch, IStreamSource } from '../src';

/** What the storage layer archives (its pipeline pages on-call for every alarm). */
export interface StorageLayerProps {
  readonly orders: IStreamSource;
  readonly clickstream: IStreamSource;
}

/**
 * The storage layer of the reference architecture: every event in the S3 lake.
 *
 * - Clickstream: the reference document's Firehose into a versioned bucket under
 *   `year=/month=/day=` prefixes, as compressed JSON.
 * - Orders: Parquet with a Glue table generated from the registered event schema,
 *   queryable by Athena at once (partition projection) in its own workgroup.
 * - Clickstream search: Firehose indexes every click into a new, secure OpenSearch domain
 *   (one index a day), for search and dashboards; clicks it cannot index go to a backup bucket.
 */
export class StorageLayer extends Construct {
  public readonly clickstreamArchive: ArchiveToLake;
  public readonly ordersLake: ArchiveToLake;
  public readonly clickstreamSearch: IndexToOpenSearch;

  constructor(scope: Construct, id: string, props: StorageLayerProps) {
    super(scope, id);

    const accessLogs = accessLogsBucket(this, 'AccessLogs');

    this.clickstreamArchive = new ArchiveToLake(this, 'ClickstreamArchive', {
      source: props.clickstream,
      readerName: 'clickstream-archive',
      accessLogsBucket: accessLogs,
    });
    this.ordersLake = new ArchiveToLake(this, 'OrdersLake', {
      source: props.orders,
      readerName: 'orders-lake',
      format: ArchiveFormat.parquet(ORDER_PLACED),
      databaseName: 'orders',
      athenaWorkgroup: true,
      accessLogsBucket: accessLogs,
    });
    this.clickstreamSearch = new IndexToOpenSearch(this, 'ClickstreamSearch', {
      source: props.clickstream,
      readerName: 'clickstream-search',
      indexName: 'clickstream',
      accessLogsBucket: accessLogs,
    });
    Annotations.of(this.clickstreamSearch).acknowledgeWarning('cdk-streaming-pipelines:IndexToOpenSearch:deliveryRoleNeedsMapping',
      'The search team maps the delivery role to its clickstream_writer role as the domain\'s master user after the first deploy (runbook SEARCH-1).');
    Annotations.of(this.ordersLake).acknowledgeWarning('cdk-streaming-pipelines:ArchiveToLake:registryEncodedRecords',
      'Order producers write plain JSON, checked against the registered JSON Schema; they do not use the registry serializer.');
  }
}
