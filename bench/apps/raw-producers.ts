/**
 * The raw variant's producers: the resources of the library's producer layer
 * (examples/producer-layer.ts) written by hand with aws-cdk-lib only, as construct
 * `Producers`: a REST front door putting clicks on the clickstream (raw-api-gateway.ts)
 * and the orders database's change data capture through DMS (raw-dms.ts). Nothing is
 * imported from src/ or examples/.
 */
import { Construct } from 'constructs';
import { addClickstreamApi } from './raw-api-gateway';
import { addOrdersCdc } from './raw-dms';
import { RawIngestLayer } from './raw-ingest';

/** Adds the producers as construct `Producers` under `scope`, writing to the ingest layer's streams. */
export function addProducerLayer(scope: Construct, ingest: RawIngestLayer): void {
  const producers = new Construct(scope, 'Producers');
  addClickstreamApi(producers, ingest.clickstream, ingest.page);
  addOrdersCdc(producers, ingest.orders, ingest.page);
}
