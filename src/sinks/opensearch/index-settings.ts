import { Duration, Size, Token } from 'aws-cdk-lib';
import { DocumentIdFormat, IndexRotation, OpenSearchBackupMode } from './index-options';
import { IndexToOpenSearchProps } from './index-to-opensearch-props';
import { InputError } from '../../common/input-error';
import { checkBufferingHints } from '../../firehose/buffering-hints';
import { freshnessThreshold } from '../../firehose/delivery-alarms';
import { checkPrefixes } from '../../firehose/delivery-prefixes';
import { DestinationKind } from '../../firehose/destination-kind';
import { ReadLagSettings, readLagSettings } from '../../firehose/read-lag';
import { retryDuration } from '../../firehose/retry-duration';

/** Firehose's limit on `IndexName`. */
const MAX_INDEX_NAME = 80;
/** What OpenSearch refuses in an index name. */
const INDEX_FORBIDDEN = /[A-Z\\/*?"<>|,# :]/;

/** The delivery settings of an `IndexToOpenSearch`, resolved and checked. */
export interface IndexSettings {
  readonly indexName: string;
  readonly rotation: IndexRotation;
  readonly documentIdFormat: DocumentIdFormat;
  readonly bufferingInterval: Duration;
  readonly bufferingSize: Size;
  readonly retryDuration: Duration;
  readonly backupMode: OpenSearchBackupMode;
  readonly backupPrefix: string;
  readonly backupErrorPrefix?: string;
  readonly freshnessThreshold: Duration;
  /** None for direct PUT. */
  readonly readLag?: ReadLagSettings;
}

/**
 * Resolves and checks an `IndexToOpenSearch`'s delivery props with no construct, for a
 * `destination` (a domain or a collection): the index name, buffering (0–900 s,
 * 1–100 MiB), retry (0–7,200 s), the backup prefixes, the freshness threshold and, with a
 * source, the read-lag thresholds. Throws an `InputError` naming
 * the prop, the range and the value.
 */
export function indexSettings(props: IndexToOpenSearchProps, destination: DestinationKind): IndexSettings {
  checkIndexName(props.indexName);
  const bufferingInterval = props.bufferingInterval ?? Duration.minutes(5);
  const bufferingSize = props.bufferingSize ?? Size.mebibytes(5);
  checkBufferingHints(destination, { interval: bufferingInterval, size: bufferingSize });
  const retry = retryDuration(destination, props.retryDuration);
  const backupPrefix = props.backupPrefix ?? 'opensearch-backup/';
  checkPrefixes({ name: 'backupPrefix', value: backupPrefix },
    props.backupErrorPrefix === undefined ? undefined : { name: 'backupErrorPrefix', value: props.backupErrorPrefix });
  return {
    indexName: props.indexName,
    rotation: props.indexRotation ?? IndexRotation.ONE_DAY,
    documentIdFormat: props.documentIdFormat ?? DocumentIdFormat.FIREHOSE_DEFAULT,
    bufferingInterval,
    bufferingSize,
    retryDuration: retry,
    backupMode: props.backupMode ?? OpenSearchBackupMode.FAILED_DOCUMENTS_ONLY,
    backupPrefix,
    backupErrorPrefix: props.backupErrorPrefix,
    freshnessThreshold: freshnessThreshold(destination, bufferingInterval, props.freshnessThreshold),
    readLag: props.source ? readLagSettings(props.source.retention, props.latencyObjective, props.readLagThreshold) : undefined,
  };
}

function checkIndexName(name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (name.length < 1 || name.length > MAX_INDEX_NAME || INDEX_FORBIDDEN.test(name) || /^[_\-+]/.test(name) || name === '.' || name === '..') {
    throw new InputError(`\`indexName\` must be 1-${MAX_INDEX_NAME} lower-case characters without spaces or \\ / * ? " < > | , # :, `
      + `not starting with _, - or +, got '${name}'`);
  }
}
