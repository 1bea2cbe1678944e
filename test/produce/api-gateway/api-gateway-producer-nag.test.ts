import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import { BASE_PROPS } from './producer-helpers';
import { StreamingIngest } from '../../../src';
import { ApiGatewayProducer } from '../../../src/produce';
import { nagFindings, withValidationOn } from '../../nag-findings';

withValidationOn();

describe('ApiGatewayProducer under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  test('a new API: no finding left (APIG3 and COG4 acknowledged with reasons, the account role\'s IAM4 too)', () => {
    expect(nagFindings(stack => {
      new ApiGatewayProducer(stack, 'Orders', { source: new StreamingIngest(stack, 'Ingest'), ...BASE_PROPS });
    })).toEqual([]);
  });

  test('with a web ACL, a stream with its own key and encrypted access logs: no finding but the stream\'s own KDS3 (a key of yours)', () => {
    expect(nagFindings(stack => {
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      new ApiGatewayProducer(stack, 'Orders', {
        source: new StreamingIngest(stack, 'Ingest', { encryptionKey: key }),
        ...BASE_PROPS,
        accessLogEncryptionKey: key,
        webAclArn: 'arn:aws:wafv2:us-east-1:111111111111:regional/webacl/api/abc',
      });
    })).toEqual(['AwsSolutions: AwsSolutions-KDS3']);
  });

  test('the checks run: an API of the app without a validator or authorization draws its own findings only', () => {
    const findings = nagFindings(stack => {
      const api = new apigateway.RestApi(stack, 'Theirs', { cloudWatchRole: false });
      api.root.addMethod('GET', new apigateway.MockIntegration());
      new ApiGatewayProducer(stack, 'Orders', { source: new StreamingIngest(stack, 'Ingest'), ...BASE_PROPS });
    });
    expect(findings).toContain('AwsSolutions: AwsSolutions-APIG4');
    expect(findings).toContain('AwsSolutions: AwsSolutions-APIG1');
  });
});
