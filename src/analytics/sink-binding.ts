import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IDependable } from 'constructs';
import { AnalyticsSink } from './analytics-sink';
import { WildcardGrant } from './nag-acknowledgements';
import { SINK_GROUP_PREFIX } from './property-groups';
import { fail } from '../common/input-error';
import { IReaderBinding } from '../source/reader-binding';

/** Sink names: the group id `Sink.<name>` must fit in 50 characters. */
const SINK_NAME = /^[a-zA-Z0-9_.-]{1,45}$/;
/** HTTPS, the port a job writes to an OpenSearch domain on. */
const HTTPS = ec2.Port.tcp(443);
/** The services a sink may ask a job in a VPC to reach (`AnalyticsSinkConfig.services`). */
const SINK_SERVICES = ['kinesis', 's3', 'dynamodb', 'glue'];
const WARNING_PREFIX = 'cdk-streaming-pipelines:StreamAnalytics:';

/** What the application needs from its sinks once they are bound. */
export interface BoundSinks {
  /** The property groups, `Sink.<name>`. */
  readonly groups: { [groupId: string]: { [key: string]: string } };
  /** The cdk-nag wildcard findings their grants cause. */
  readonly wildcards: WildcardGrant[];
  /** The VPC endpoints the job must have before it starts (a job in a VPC). */
  readonly endpoints: IDependable[];
}

/**
 * Grants the job each sink, gathers their property groups, and makes each reachable from
 * where the job runs: through the source's VPC endpoints, or by opening a sink's own
 * security groups, for a job in a VPC. A sink in a VPC cannot be reached by a job outside
 * any (refused); a public sink that no endpoint serves needs a NAT gateway (warned).
 *
 * @param securityGroup the job's, when it runs in the source's VPC
 */
export function bindSinks(app: Construct, sinks: AnalyticsSink[], role: iam.IRole, binding: IReaderBinding,
  securityGroup: ec2.SecurityGroup | undefined): BoundSinks {
  const bound: BoundSinks = { groups: {}, wildcards: [], endpoints: [] };
  for (const sink of sinks) {
    const groupId = SINK_GROUP_PREFIX + sink.sinkName;
    if (!SINK_NAME.test(sink.sinkName)) {
      fail(app, `a sink's \`name\` must be 1-45 characters of a-z, A-Z, 0-9, _, . and - (its property group is '${SINK_GROUP_PREFIX}<name>'), got '${sink.sinkName}'`);
    }
    if (bound.groups[groupId]) {
      fail(app, `two sinks are named '${sink.sinkName}': give each its own \`name\` (its property group is '${groupId}')`);
    }
    const config = sink.bind(role);
    bound.groups[groupId] = config.properties;
    if (config.wildcardFindings?.length) {
      bound.wildcards.push({ findings: config.wildcardFindings, reason: config.wildcardReason ?? `Granted for sink '${sink.sinkName}'.` });
    }
    if (!securityGroup) {
      if (config.connections) {
        fail(app, `sink '${sink.sinkName}' is in a VPC, and the application runs outside any (its source needs none), so it cannot `
          + 'reach it: a job runs in a VPC only to read a Kafka topic. Write to a domain outside a VPC, or read the records from a Kafka topic');
      }
      continue;
    }
    const unknown = config.services.filter(s => !SINK_SERVICES.includes(s));
    if (unknown.length > 0) {
      fail(app, `sink '${sink.sinkName}' asks to reach ${unknown.map(s => `'${s}'`).join(', ')}: a sink's \`services\` are among `
        + `${SINK_SERVICES.join(', ')}`);
    }
    bound.endpoints.push(...reachServices(app, binding, securityGroup, config.services, `sink '${sink.sinkName}'`));
    config.connections?.connections.allowFrom(securityGroup, HTTPS, `HTTPS from the Managed Flink application ${app.node.path}`);
    if (config.needsInternetFromVpc) {
      Annotations.of(app).addWarningV2(WARNING_PREFIX + 'sinkNeedsRouteFromVpc',
        `${app.node.path} runs in its Kafka source's subnets and writes to sink '${sink.sinkName}' through its public endpoint: `
        + 'without a NAT gateway there the job cannot reach it. Give the subnets a route to the internet, or place the domain in '
        + 'that VPC (a new `opensearch.Domain` with `vpc` is opened to the application on 443).');
    }
  }
  return bound;
}

/**
 * Makes `services` reachable from the source's subnets for the job (its VPC endpoints), and
 * warns, naming what needs them, when the source makes none there (a bridge with
 * `createVpcEndpoints: false`): the job then needs a route of the user's own.
 * @returns the endpoints the job must wait for
 */
export function reachServices(app: Construct, binding: IReaderBinding, securityGroup: ec2.SecurityGroup, services: string[],
  what: string): IDependable[] {
  const endpoints: IDependable[] = [];
  for (const service of services) {
    // The group itself, not its Connections: the endpoint's rule then names it.
    const endpoint = binding.reachService(service, securityGroup);
    if (endpoint) {
      endpoints.push(endpoint);
    } else {
      Annotations.of(app).addWarningV2(WARNING_PREFIX + 'serviceNeedsRouteFromVpc',
        `${app.node.path} runs in its Kafka source's subnets, where the source makes no VPC endpoint for ${service} `
        + `(\`createVpcEndpoints: false\`), which ${what} needs: give the subnets an endpoint or a NAT gateway for it.`);
    }
  }
  return endpoints;
}
