"""The orders pipeline as a Python user writes it.

The same app as examples/languages/typescript/app.ts, whose template
examples/languages/check.ts compares with this one's. Run by the CDK CLI or check.ts,
which pass the output folder and the context (the feature flags of cdk.json) through
CDK_OUTDIR and CDK_CONTEXT_JSON.
"""
# README: start
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from cdk_streaming_pipelines import (
    AggregateMeasure,
    ArchiveFormat,
    ColumnType,
    PartitionKey,
    PipelineRequirements,
    StreamColumn,
    StreamingIngestProps,
    StreamingPipeline,
    StreamSchema,
    StreamWorkload,
)
# README: end

# README: start
app = cdk.App()
stack = cdk.Stack(app, "OrdersPipeline", env=cdk.Environment(account="111111111111", region="us-east-1"))

on_call = sns.Topic(stack, "OnCall", enforce_ssl=True)

# Kinesis is what the decision table gives for these needs; the stream is sized from the workload.
pipeline = StreamingPipeline(
    stack,
    "Orders",
    requirements=PipelineRequirements(
        latency=cdk.Duration.seconds(1),
        replay=cdk.Duration.days(7),
        independent_consumers=3,
        workload=StreamWorkload(ingest_mib_per_second=0.5, ingest_records_per_second=250),
    ),
    stream_options=StreamingIngestProps(
        partition_key=PartitionKey.field("customer_id", distinct_values=40_000, hottest_key_share=0.01),
    ),
    alarm_action=cloudwatch_actions.SnsAction(on_call),
)

score_order = lambda_.Function(
    stack,
    "ScoreOrder",
    runtime=lambda_.Runtime.NODEJS_24_X,
    handler="index.handler",
    code=lambda_.Code.from_inline("exports.handler = async () => ({ batchItemFailures: [] });"),
    timeout=cdk.Duration.seconds(30),
)
pipeline.add_consumer(
    "Fraud",
    handler=score_order,
    reader_name="fraud-detector",
    enhanced_fan_out=True,
    latency_objective=cdk.Duration.seconds(30),
)
# README: end

# The orders' event, declared once: the lake's Parquet table is generated from it.
order_placed = StreamSchema(
    name="OrderPlaced",
    columns=[
        StreamColumn(name="order_id", type=ColumnType.STRING, nullable=False),
        StreamColumn(name="customer_id", type=ColumnType.STRING, nullable=False),
        StreamColumn(name="amount", type=ColumnType.decimal(12, 2), nullable=False),
        StreamColumn(name="items", type=ColumnType.array(ColumnType.STRING)),
        StreamColumn(name="placed_at", type=ColumnType.TIMESTAMP, nullable=False),
    ],
)

pipeline.add_aggregate(
    "SpendPerCustomer",
    reader_name="spend-per-customer",
    key_field="customer_id",
    window=cdk.Duration.minutes(1),
    measures=[AggregateMeasure.count("orders"), AggregateMeasure.sum("amount")],
)
pipeline.add_archive(
    "Lake",
    reader_name="orders-lake",
    format=ArchiveFormat.parquet(order_placed),
    database_name="orders",
)

app.synth()
