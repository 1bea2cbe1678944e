// Unit tests assert templates directly; the built-in CloudFormation validation
// (about 1 s and 300 MB per process) runs only where a test turns it on: the
// reference-pipeline tests in test/examples.
process.env.CDK_VALIDATION = 'false';
