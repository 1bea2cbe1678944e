// The orders pipeline as a Java user writes it: the same app as the TypeScript one in
// examples/languages/typescript/app.ts (same construct ids, props and order), so the two
// synthesize the same template. Run by `synth.sh` (or the CDK CLI with
// `"app": "mvn -e -q compile exec:java"`), which passes the output folder and the context
// through CDK_OUTDIR and CDK_CONTEXT_JSON.
package com.example;

// README: start
import java.util.List;

import io.github.cdkstreamingpipelines.AggregateMeasure;
import io.github.cdkstreamingpipelines.AggregateToTableOptions;
import io.github.cdkstreamingpipelines.ArchiveFormat;
import io.github.cdkstreamingpipelines.ArchiveToLakeOptions;
import io.github.cdkstreamingpipelines.ColumnType;
import io.github.cdkstreamingpipelines.PartitionKey;
import io.github.cdkstreamingpipelines.PartitionKeyFieldOptions;
import io.github.cdkstreamingpipelines.PipelineRequirements;
import io.github.cdkstreamingpipelines.ShardConsumerOptions;
import io.github.cdkstreamingpipelines.StreamColumn;
import io.github.cdkstreamingpipelines.StreamSchema;
import io.github.cdkstreamingpipelines.StreamWorkload;
import io.github.cdkstreamingpipelines.StreamingIngestProps;
import io.github.cdkstreamingpipelines.StreamingPipeline;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sns.Topic;
// README: end

public final class OrdersApp {
    private OrdersApp() {
    }

    public static void main(final String[] args) {
        // README: start
        App app = new App();
        Stack stack = new Stack(app, "OrdersPipeline", StackProps.builder()
                .env(Environment.builder().account("111111111111").region("us-east-1").build())
                .build());

        Topic onCall = Topic.Builder.create(stack, "OnCall").enforceSsl(true).build();

        // Kinesis is what the decision table gives for these needs; the stream is sized from the workload.
        StreamingPipeline pipeline = StreamingPipeline.Builder.create(stack, "Orders")
                .requirements(PipelineRequirements.builder()
                        .latency(Duration.seconds(1))
                        .replay(Duration.days(7))
                        .independentConsumers(3)
                        .workload(StreamWorkload.builder()
                                .ingestMibPerSecond(0.5)
                                .ingestRecordsPerSecond(250)
                                .build())
                        .build())
                .streamOptions(StreamingIngestProps.builder()
                        .partitionKey(PartitionKey.field("customer_id", PartitionKeyFieldOptions.builder()
                                .distinctValues(40_000)
                                .hottestKeyShare(0.01)
                                .build()))
                        .build())
                .alarmAction(new SnsAction(onCall))
                .build();

        Function scoreOrder = Function.Builder.create(stack, "ScoreOrder")
                .runtime(Runtime.NODEJS_24_X)
                .handler("index.handler")
                .code(Code.fromInline("exports.handler = async () => ({ batchItemFailures: [] });"))
                .timeout(Duration.seconds(30))
                .build();
        pipeline.addConsumer("Fraud", ShardConsumerOptions.builder()
                .handler(scoreOrder)
                .readerName("fraud-detector")
                .enhancedFanOut(true)
                .latencyObjective(Duration.seconds(30))
                .build());
        // README: end

        // The orders' event, declared once: the lake's Parquet table is generated from it.
        StreamSchema orderPlaced = StreamSchema.Builder.create()
                .name("OrderPlaced")
                .columns(List.of(
                        StreamColumn.builder().name("order_id").type(ColumnType.STRING).nullable(false).build(),
                        StreamColumn.builder().name("customer_id").type(ColumnType.STRING).nullable(false).build(),
                        StreamColumn.builder().name("amount").type(ColumnType.decimal(12, 2)).nullable(false).build(),
                        StreamColumn.builder().name("items").type(ColumnType.array(ColumnType.STRING)).build(),
                        StreamColumn.builder().name("placed_at").type(ColumnType.TIMESTAMP).nullable(false).build()))
                .build();

        pipeline.addAggregate("SpendPerCustomer", AggregateToTableOptions.builder()
                .readerName("spend-per-customer")
                .keyField("customer_id")
                .window(Duration.minutes(1))
                .measures(List.of(AggregateMeasure.count("orders"), AggregateMeasure.sum("amount")))
                .build());
        pipeline.addArchive("Lake", ArchiveToLakeOptions.builder()
                .readerName("orders-lake")
                .format(ArchiveFormat.parquet(orderPlaced))
                .databaseName("orders")
                .build());

        app.synth();
    }
}
