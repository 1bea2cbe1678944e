// The orders pipeline as a Go user writes it: the same app as the TypeScript, Python and Java
// ones beside it (examples/languages/typescript/app.ts), with the same construct ids, props and
// order, so that it synthesizes the same template. Run by synth.sh or the CDK CLI, which pass the
// output folder and the context (the feature flags of `cdk.json`) through CDK_OUTDIR and
// CDK_CONTEXT_JSON; awscdk.NewApp(nil) reads both.
package main

// README: start
import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdk-streaming-pipelines/cdk-streaming-pipelines-go/cdkstreamingpipelines"
)

// README: end

func main() {
	// README: start
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stack := awscdk.NewStack(app, jsii.String("OrdersPipeline"), &awscdk.StackProps{
		Env: &awscdk.Environment{Account: jsii.String("111111111111"), Region: jsii.String("us-east-1")},
	})

	onCall := awssns.NewTopic(stack, jsii.String("OnCall"), &awssns.TopicProps{EnforceSSL: jsii.Bool(true)})

	// Kinesis is what the decision table gives for these needs; the stream is sized from the workload.
	pipeline := cdkstreamingpipelines.NewStreamingPipeline(stack, jsii.String("Orders"), &cdkstreamingpipelines.StreamingPipelineProps{
		Requirements: &cdkstreamingpipelines.PipelineRequirements{
			Latency:              awscdk.Duration_Seconds(jsii.Number(1)),
			Replay:               awscdk.Duration_Days(jsii.Number(7)),
			IndependentConsumers: jsii.Number(3),
			Workload: &cdkstreamingpipelines.StreamWorkload{
				IngestMibPerSecond:     jsii.Number(0.5),
				IngestRecordsPerSecond: jsii.Number(250),
			},
		},
		StreamOptions: &cdkstreamingpipelines.StreamingIngestProps{
			PartitionKey: cdkstreamingpipelines.PartitionKey_Field(jsii.String("customer_id"), &cdkstreamingpipelines.PartitionKeyFieldOptions{
				DistinctValues:  jsii.Number(40_000),
				HottestKeyShare: jsii.Number(0.01),
			}),
		},
		AlarmAction: awscloudwatchactions.NewSnsAction(onCall),
	})

	scoreOrder := awslambda.NewFunction(stack, jsii.String("ScoreOrder"), &awslambda.FunctionProps{
		Runtime: awslambda.Runtime_NODEJS_24_X(),
		Handler: jsii.String("index.handler"),
		Code:    awslambda.Code_FromInline(jsii.String("exports.handler = async () => ({ batchItemFailures: [] });")),
		Timeout: awscdk.Duration_Seconds(jsii.Number(30)),
	})
	pipeline.AddConsumer(jsii.String("Fraud"), &cdkstreamingpipelines.ShardConsumerOptions{
		Handler:          scoreOrder,
		ReaderName:       jsii.String("fraud-detector"),
		EnhancedFanOut:   jsii.Bool(true),
		LatencyObjective: awscdk.Duration_Seconds(jsii.Number(30)),
	})
	// README: end

	// The orders' event, declared once: the lake's Parquet table is generated from it.
	orderPlaced := cdkstreamingpipelines.NewStreamSchema(&cdkstreamingpipelines.StreamSchemaProps{
		Name: jsii.String("OrderPlaced"),
		Columns: &[]*cdkstreamingpipelines.StreamColumn{
			{Name: jsii.String("order_id"), Type: cdkstreamingpipelines.ColumnType_STRING(), Nullable: jsii.Bool(false)},
			{Name: jsii.String("customer_id"), Type: cdkstreamingpipelines.ColumnType_STRING(), Nullable: jsii.Bool(false)},
			{Name: jsii.String("amount"), Type: cdkstreamingpipelines.ColumnType_Decimal(jsii.Number(12), jsii.Number(2)), Nullable: jsii.Bool(false)},
			{Name: jsii.String("items"), Type: cdkstreamingpipelines.ColumnType_Array(cdkstreamingpipelines.ColumnType_STRING())},
			{Name: jsii.String("placed_at"), Type: cdkstreamingpipelines.ColumnType_TIMESTAMP(), Nullable: jsii.Bool(false)},
		},
	})

	pipeline.AddAggregate(jsii.String("SpendPerCustomer"), &cdkstreamingpipelines.AggregateToTableOptions{
		ReaderName: jsii.String("spend-per-customer"),
		KeyField:   jsii.String("customer_id"),
		Window:     awscdk.Duration_Minutes(jsii.Number(1)),
		Measures: &[]cdkstreamingpipelines.AggregateMeasure{
			cdkstreamingpipelines.AggregateMeasure_Count(jsii.String("orders")),
			cdkstreamingpipelines.AggregateMeasure_Sum(jsii.String("amount"), nil),
		},
	})
	pipeline.AddArchive(jsii.String("Lake"), &cdkstreamingpipelines.ArchiveToLakeOptions{
		ReaderName:   jsii.String("orders-lake"),
		Format:       cdkstreamingpipelines.ArchiveFormat_Parquet(orderPlaced),
		DatabaseName: jsii.String("orders"),
	})

	app.Synth(nil)
}
