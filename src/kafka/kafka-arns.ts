import { Fn, Token } from 'aws-cdk-lib';

/**
 * ARNs of a cluster's Kafka resources, which IAM access control authorizes separately:
 * `arn:<partition>:kafka:<region>:<account>:<kind>/<cluster name>/<cluster uuid>/<name>`,
 * where the cluster's own ARN is `…:cluster/<cluster name>/<cluster uuid>`.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/iam-access-control.html#msk-iam-resources
 */
export class KafkaArns {
  private readonly prefix: string;
  private readonly clusterPath: string;

  /** @param clusterArn the cluster's ARN, a literal or a token */
  constructor(private readonly clusterArn: string) {
    if (!Token.isUnresolved(clusterArn)) {
      const fields = clusterArn.split(':');
      this.prefix = fields.slice(0, 5).join(':');
      this.clusterPath = fields.slice(5).join(':').split('/').slice(1, 3).join('/');
    } else {
      // Arn.split() keeps only the first segment of a token's resource name: the uuid matters here.
      const fields = Fn.split(':', clusterArn);
      this.prefix = Fn.join(':', [0, 1, 2, 3, 4].map(i => Fn.select(i, fields)));
      const resource = Fn.split('/', Fn.select(5, fields));
      this.clusterPath = Fn.join('/', [Fn.select(1, resource), Fn.select(2, resource)]);
    }
  }

  /** The cluster itself (`kafka-cluster:Connect`, `DescribeCluster…`). */
  public cluster(): string {
    return this.clusterArn;
  }

  /** A topic, or `*` for every topic of the cluster. */
  public topic(topicName: string): string {
    return this.resource('topic', topicName);
  }

  /** A consumer group, or `*` for every group. */
  public group(groupId: string): string {
    return this.resource('group', groupId);
  }

  /** A transactional id, or `*` for every one. */
  public transactionalId(id: string): string {
    return this.resource('transactional-id', id);
  }

  private resource(kind: string, name: string): string {
    return `${this.prefix}:${kind}/${this.clusterPath}/${name}`;
  }
}

/** The cluster's name, from its ARN (`…:cluster/<name>/<uuid>`). */
export function clusterNameOf(clusterArn: string): string {
  if (!Token.isUnresolved(clusterArn)) {
    return clusterArn.split(':').slice(5).join(':').split('/')[1];
  }
  return Fn.select(1, Fn.split('/', clusterArn));
}
