/**
 * Variant (a): the library's reference ingest layer, exactly as examples/ingest-layer.ts
 * defines it (two `StreamingIngest` streams with sizing, partition-key checks and
 * alarms), but without cdk-nag: users do not all run it, and the raw variant does not
 * either. tsc compiles the example and src/ into bench/.build next to this app.
 */
import { REFERENCE_ENV, STACK_ID } from './names';
import { synthApp } from './synth-app';
import { IngestLayerStack } from '../../examples/ingest-layer';

synthApp(app => new IngestLayerStack(app, STACK_ID, { env: REFERENCE_ENV }));
