import { ArnFormat, Lazy, Names, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { SecureDomainSettings, secureDomainSettings } from './secure-domain-settings';
import { SecureSearchDomainProps } from './secure-search-domain-props';
import { InputError } from '../../common/input-error';

/** What OpenSearch Service does in its log groups. */
const LOG_ACTIONS = ['logs:PutLogEvents', 'logs:CreateLogStream'];

/**
 * An OpenSearch Service domain that is secure by default, where aws-cdk-lib's `Domain`
 * is not: fine-grained access control with an IAM role as master user (no password),
 * node-to-node encryption, encryption at rest with KMS (a new key with rotation unless
 * given), in-place engine version upgrades, HTTPS only with TLS 1.2 and
 * perfect forward secrecy, zone awareness over 2 or 3 zones, dedicated master nodes,
 * and slow search, slow index and error logs in CloudWatch. No domain resource policy:
 * access comes from identity policies of this account's principals (`grantXxx()`), which
 * fine-grained access control then maps to OpenSearch roles.
 *
 * It is a `Domain`: pass it wherever one is taken (`IndexToOpenSearch`'s `domain`).
 *
 * @example
 * declare const vpc: ec2.IVpc;
 * new SecureSearchDomain(this, 'Search', { vpc });
 */
export class SecureSearchDomain extends opensearch.Domain {
  /** The master user of fine-grained access control. */
  public readonly masterUserRole: iam.IRole;
  /** The KMS key that encrypts the domain's data at rest. */
  public readonly encryptionKey: kms.IKey;
  /** The domain's sizes, as resolved from the props. */
  private readonly settings: SecureDomainSettings;

  constructor(scope: Construct, id: string, props: SecureSearchDomainProps = {}) {
    const holder: { role?: iam.IRole } = {};
    const settings = settingsAt(scope, id, props);
    super(scope, id, domainProps(props, settings, holder));
    this.settings = settings;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    if (props.masterUserRole) {
      this.masterUserRole = props.masterUserRole;
    } else {
      const role = new iam.Role(this, 'MasterUserRole', {
        assumedBy: new iam.AccountPrincipal(Stack.of(this).account),
        description: `Master user of ${this.node.path}: maps roles in OpenSearch`,
      });
      // Kept as long as the domain: without its master user, nobody could map roles in a retained domain.
      role.applyRemovalPolicy(removalPolicy);
      this.masterUserRole = role;
    }
    holder.role = this.masterUserRole;
    const cfn = this.node.defaultChild as opensearch.CfnDomain;
    this.encryptionKey = props.encryptionKey ?? new kms.Key(this, 'Key', {
      description: `Encryption at rest of the OpenSearch domain ${this.node.path}`,
      enableKeyRotation: true,
      removalPolicy,
    });
    if (!props.encryptionKey) {
      cfn.encryptionAtRestOptions = { enabled: true, kmsKeyId: this.encryptionKey.keyId };
    }
    if (Token.isUnresolved(settings.availabilityZoneCount)) {
      // aws-cdk-lib's Domain refuses a token zone count; CloudFormation checks it.
      cfn.addPropertyOverride('ClusterConfig.ZoneAwarenessConfig.AvailabilityZoneCount', settings.availabilityZoneCount);
    }
    this.allowLogDelivery(removalPolicy);
    this.acknowledgeFindings(props);
  }

  /** How many availability zones the data nodes are spread over. */
  public get availabilityZoneCount(): number {
    return this.settings.availabilityZoneCount;
  }

  /**
   * Lets OpenSearch Service write the domain's logs: a CloudWatch Logs resource policy on
   * its three log groups, for domains of this account and Region only (the domain's own
   * ARN would make the policy and the domain depend on each other). It follows the
   * domain's removal policy: a retained domain keeps its (retained) log groups and goes
   * on writing to them. CloudWatch Logs allows 10 resource policies per account and Region,
   * one per domain here.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html
   */
  private allowLogDelivery(removalPolicy: RemovalPolicy): void {
    const stack = Stack.of(this);
    const groups = [this.slowSearchLogGroup, this.slowIndexLogGroup, this.appLogGroup].filter((g): g is logs.ILogGroup => !!g);
    const policy = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('es.amazonaws.com')],
        actions: LOG_ACTIONS,
        resources: groups.map(g => g.logGroupArn),
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'es', resource: 'domain', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
        },
      })],
    });
    const resourcePolicy = new logs.CfnResourcePolicy(this, 'LogsResourcePolicy', {
      policyName: Names.uniqueResourceName(this, { maxLength: 255 }),
      policyDocument: stack.toJsonString(policy.toJSON()),
    });
    resourcePolicy.applyRemovalPolicy(removalPolicy);
    this.node.defaultChild!.node.addDependency(resourcePolicy);
  }

  /** What cdk-nag flags on a domain that is secure in another way than it checks. */
  private acknowledgeFindings(props: SecureSearchDomainProps): void {
    const domain = this.node.defaultChild as opensearch.CfnDomain;
    const noPolicy = 'The domain has no resource policy on purpose: only identity policies of this account\'s principals grant access '
      + '(signed requests), and fine-grained access control maps each to an OpenSearch role. A policy would need an Allow to a role '
      + 'without an IP condition, which this rule flags too.';
    Validations.of(domain).acknowledge({ id: 'AwsSolutions-OS3', reason: noPolicy });
    Validations.of(domain).acknowledge({
      id: 'AwsSolutions-OS5',
      reason: `${noPolicy} With no policy, unsigned and anonymous requests are refused.`,
    });
    if (!props.vpc) {
      Validations.of(domain).acknowledge({
        id: 'AwsSolutions-OS1',
        reason: 'No `vpc` was given: the endpoint is public but takes only signed requests of this account\'s principals that '
          + 'fine-grained access control maps to a role, over TLS 1.2. Give `vpc` to place the domain in a VPC.',
      });
    }
    const omitted = this.settings.masters.omittedBecause;
    if (omitted !== undefined) {
      Validations.of(domain).acknowledge({ id: 'AwsSolutions-OS4', reason: `No dedicated master nodes: ${omitted}` });
    }
  }
}

/** The props resolved and checked, errors prefixed with the path the domain will have. */
function settingsAt(scope: Construct, id: string, props: SecureSearchDomainProps): SecureDomainSettings {
  try {
    return secureDomainSettings(props);
  } catch (e) {
    if (e instanceof InputError) {
      const path = scope.node.path ? `${scope.node.path}/${id}` : id;
      throw new InputError(`${path}: ${e.message}`);
    }
    throw e;
  }
}

function domainProps(props: SecureSearchDomainProps, settings: SecureDomainSettings, holder: { role?: iam.IRole }): opensearch.DomainProps {
  const masters = settings.masters;
  return {
    version: props.version ?? opensearch.EngineVersion.OPENSEARCH_2_19,
    domainName: props.domainName,
    capacity: {
      dataNodes: settings.dataNodes,
      dataNodeInstanceType: settings.dataNodeInstanceType,
      masterNodes: masters.count,
      masterNodeInstanceType: masters.instanceType,
      // Standby needs 3 zones and particular instance types: not a default every domain meets.
      multiAzWithStandbyEnabled: false,
    },
    ebs: { enabled: true, volumeSize: settings.volumeSizeGiB, volumeType: ec2.EbsDeviceVolumeType.GP3 },
    zoneAwareness: {
      enabled: true,
      // A token is set on the L1 after: the L2 refuses one.
      availabilityZoneCount: Token.isUnresolved(settings.availabilityZoneCount) ? settings.subnets?.length ?? 3 : settings.availabilityZoneCount,
    },
    nodeToNodeEncryption: true,
    // Without a key given, the constructor creates one and sets it on the L1.
    encryptionAtRest: { enabled: true, kmsKey: props.encryptionKey },
    // An engine version change upgrades the domain in place instead of replacing it (and its data).
    enableVersionUpgrade: true,
    enforceHttps: true,
    tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2_PFS,
    fineGrainedAccessControl: { masterUserArn: Lazy.string({ produce: () => holder.role!.roleArn }) },
    logging: { slowSearchLogEnabled: true, slowIndexLogEnabled: true, appLogEnabled: true },
    // The library writes the log groups' resource policy itself, in CloudFormation (no custom resource).
    suppressLogsResourcePolicy: true,
    vpc: props.vpc,
    vpcSubnets: settings.subnets ? [{ subnets: settings.subnets }] : undefined,
    securityGroups: props.securityGroups,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  };
}
