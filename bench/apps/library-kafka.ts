/**
 * Variant (a) of the Kafka pair: the library's Kafka reference pipeline, exactly as
 * examples/kafka-pipeline.ts defines it: a VPC with flow logs, the key and the on-call
 * topic, a `StreamingPipeline` that decides MSK from its requirements and builds a
 * `KafkaBridge` sized from its workload (MSK cluster, configuration, broker logs, alarms,
 * VPC endpoints, multi-VPC connectivity through the shipped handlers and the cluster
 * policy) with its `payments` topic, routes every alarm to on-call through an aspect, fills
 * its dashboard and prices itself into the `MonthlyCost` output at synth; a `ShardConsumer`
 * reading the topic into a Lambda function, and an `ArchiveToLake` delivering it to S3
 * through Firehose. Without cdk-nag, like the pipeline pair. tsc compiles the example and
 * src/ into bench/.build next to this app (see bench/assets.ts for the bundled handlers).
 */
import { KAFKA_STACK_ID, REFERENCE_ENV } from './names';
import { synthApp } from './synth-app';
import { KafkaPipelineStack } from '../../examples/kafka-pipeline';

synthApp(app => new KafkaPipelineStack(app, KAFKA_STACK_ID, { env: REFERENCE_ENV }));
