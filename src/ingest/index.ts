export { IStreamSource, StreamReader, StreamReaderOptions, StreamReadMode, StreamSource, StreamSourceBinding } from './stream-source';
export { StreamingIngest } from './streaming-ingest';
export { StreamingIngestProps } from './streaming-ingest-props';
