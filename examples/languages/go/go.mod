// The orders pipeline as a Go user writes it (main.go), built against the Go module that
// `examples/languages/go/build.sh` generates the release way into dist/go.
module example.com/orders

go 1.26.0

require (
	github.com/aws/aws-cdk-go/awscdk/v2 v2.276.0
	github.com/aws/jsii-runtime-go v1.142.0
	github.com/cdk-streaming-pipelines/cdk-streaming-pipelines-go/cdkstreamingpipelines v0.0.0
)

require (
	github.com/Masterminds/semver/v3 v3.5.0 // indirect
	github.com/aws/constructs-go/constructs/v10 v10.8.1 // indirect
	github.com/cdklabs/awscdk-asset-awscli-go/awscliv1/v2 v2.2.292 // indirect
	github.com/cdklabs/awscdk-asset-node-proxy-agent-go/nodeproxyagentv6/v2 v2.1.3 // indirect
	github.com/cdklabs/cloud-assembly-schema-go/awscdkcloudassemblyschema/v55 v55.3.0 // indirect
	github.com/fatih/color v1.19.0 // indirect
	github.com/mattn/go-colorable v0.1.14 // indirect
	github.com/mattn/go-isatty v0.0.24 // indirect
	github.com/yuin/goldmark v1.7.16 // indirect
	golang.org/x/lint v0.0.0-20241112194109-818c5a804067 // indirect
	golang.org/x/mod v0.42.0 // indirect
	golang.org/x/sync v0.24.0 // indirect
	golang.org/x/sys v0.49.0 // indirect
	golang.org/x/telemetry v0.0.0-20261009151841-97e8ea77aa2a // indirect
	golang.org/x/tools v0.52.0 // indirect
	golang.org/x/tools/cmd/godoc v0.1.0-deprecated // indirect
	golang.org/x/tools/godoc v0.1.0-deprecated // indirect
)

// Our module is not published: use the one build.sh just generated.
replace github.com/cdk-streaming-pipelines/cdk-streaming-pipelines-go/cdkstreamingpipelines => ../../../dist/go/cdkstreamingpipelines

// The generated go.mod requires our floor versions (aws-cdk-lib 2.271.0, constructs 10.5.1, the
// jsii 1.140.0 runtime). proxy.golang.org serves them, but the Go module mirror of the machines
// this example is checked on does not, so without these lines `go mod tidy` fails with
// "403 ... This module version is not available". Each maps the floor onto a newer version the
// mirror serves; minimal version selection picks the newer ones above anyway, but Go still reads
// the floor's go.mod, which is what the mirror cannot give. A real user needs none of them.
replace github.com/aws/aws-cdk-go/awscdk/v2 v2.271.0 => github.com/aws/aws-cdk-go/awscdk/v2 v2.276.0

replace github.com/aws/jsii-runtime-go v1.140.0 => github.com/aws/jsii-runtime-go v1.142.0

replace github.com/aws/constructs-go/constructs/v10 v10.5.1 => github.com/aws/constructs-go/constructs/v10 v10.8.1
