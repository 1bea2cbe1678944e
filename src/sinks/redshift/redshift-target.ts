import { ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import { IConstruct } from 'constructs';

/** Redshift's default port, for targets whose attributes give none. */
const DEFAULT_PORT = '5439';

/** The kind of Redshift a `RedshiftTarget` is. */
export enum RedshiftTargetKind {
  /** A provisioned cluster. */
  PROVISIONED_CLUSTER = 'PROVISIONED_CLUSTER',
  /** A Redshift Serverless workgroup. */
  SERVERLESS_WORKGROUP = 'SERVERLESS_WORKGROUP',
}

/** A provisioned cluster defined outside this app. */
export interface RedshiftClusterAttributes {
  /** The cluster identifier. */
  readonly clusterIdentifier: string;
  /** The cluster's endpoint address (without the port). */
  readonly endpointAddress: string;
  /**
   * The cluster's port.
   * @default '5439'
   */
  readonly endpointPort?: string;
}

/** A Redshift Serverless workgroup defined outside this app. */
export interface RedshiftWorkgroupAttributes {
  /** The workgroup's name. */
  readonly workgroupName: string;
  /** The workgroup's ARN (it ends in the workgroup's id, not its name): the Data API is granted on it. */
  readonly workgroupArn: string;
  /** The workgroup's endpoint address (without the port). */
  readonly endpointAddress: string;
  /**
   * The workgroup's port.
   * @default '5439'
   */
  readonly endpointPort?: string;
}

/**
 * The Redshift that `DeliverToRedshift` loads into: a provisioned cluster or a Serverless
 * workgroup, of this app (an L1 `CfnCluster` or `CfnWorkgroup`: aws-cdk-lib has no stable
 * Redshift L2) or imported by its attributes.
 *
 * A target of this app can have IAM roles associated by the library (streaming ingestion's
 * role that reads the stream); an imported one cannot, and the role must be associated by
 * whoever owns the cluster or namespace.
 */
export class RedshiftTarget {
  /** A provisioned cluster of this app. */
  public static fromCluster(cluster: redshift.CfnCluster): RedshiftTarget {
    return new RedshiftTarget(RedshiftTargetKind.PROVISIONED_CLUSTER, cluster.ref, cluster.attrEndpointAddress,
      cluster.attrEndpointPort, undefined, cluster, cluster);
  }

  /** A provisioned cluster defined elsewhere. */
  public static fromClusterAttributes(attrs: RedshiftClusterAttributes): RedshiftTarget {
    return new RedshiftTarget(RedshiftTargetKind.PROVISIONED_CLUSTER, attrs.clusterIdentifier, attrs.endpointAddress,
      attrs.endpointPort ?? DEFAULT_PORT);
  }

  /**
   * A Serverless workgroup of this app. Give its `namespace` when this app defines it too:
   * the library can then associate roles with it.
   */
  public static fromWorkgroup(workgroup: redshiftserverless.CfnWorkgroup, namespace?: redshiftserverless.CfnNamespace): RedshiftTarget {
    return new RedshiftTarget(RedshiftTargetKind.SERVERLESS_WORKGROUP, workgroup.attrWorkgroupWorkgroupName,
      workgroup.attrWorkgroupEndpointAddress, Token.asString(workgroup.attrWorkgroupEndpointPort),
      workgroup.attrWorkgroupWorkgroupArn, namespace, workgroup);
  }

  /** A Serverless workgroup defined elsewhere. */
  public static fromWorkgroupAttributes(attrs: RedshiftWorkgroupAttributes): RedshiftTarget {
    return new RedshiftTarget(RedshiftTargetKind.SERVERLESS_WORKGROUP, attrs.workgroupName, attrs.endpointAddress,
      attrs.endpointPort ?? DEFAULT_PORT, attrs.workgroupArn);
  }

  private constructor(
    /** Provisioned cluster or Serverless workgroup. */
    public readonly kind: RedshiftTargetKind,
    /** The cluster identifier or the workgroup name. */
    public readonly name: string,
    /** The endpoint address, without the port. */
    public readonly endpointAddress: string,
    /** The port. */
    public readonly endpointPort: string,
    private readonly workgroupArn?: string,
    private readonly owner?: redshift.CfnCluster | redshiftserverless.CfnNamespace,
    private readonly resource?: redshift.CfnCluster | redshiftserverless.CfnWorkgroup) {}

  /** The JDBC URL of `database`, as Firehose's COPY destination takes it. */
  public jdbcUrl(database: string): string {
    return `jdbc:redshift://${this.endpointAddress}:${this.endpointPort}/${database}`;
  }

  /**
   * The ARN the Redshift Data API is authorized on (`redshift-data:ExecuteStatement`):
   * the cluster's, or the workgroup's.
   */
  public arn(scope: IConstruct): string {
    if (this.workgroupArn) {
      return this.workgroupArn;
    }
    return Stack.of(scope).formatArn({ service: 'redshift', resource: 'cluster', resourceName: this.name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  /**
   * Whether the library can associate IAM roles with this target (a `CfnCluster`, or a
   * workgroup whose `CfnNamespace` was given).
   */
  public get canAssociateRoles(): boolean {
    return this.owner !== undefined;
  }

  /**
   * Associates `role` with the cluster or namespace, so that SQL run there may use it
   * (`IAM_ROLE '<arn>'`). Only when `canAssociateRoles`.
   * @returns whether it was associated
   */
  public associateRole(role: iam.IRole): boolean {
    if (!this.owner) {
      return false;
    }
    const roles = [...(this.owner.iamRoles ?? []), role.roleArn];
    this.owner.iamRoles = roles;
    return true;
  }

  /**
   * Whether the cluster or workgroup of this app is publicly accessible (`PubliclyAccessible`,
   * false when unset); undefined for an imported target or a token. @internal
   */
  public _publiclyAccessible(): boolean | undefined {
    if (!this.resource) {
      return undefined;
    }
    const value = this.resource.publiclyAccessible;
    return value === undefined ? false : (typeof value === 'boolean' ? value : undefined);
  }

  /** The cluster or namespace roles are associated with, for what must wait for the association; undefined when imported. @internal */
  public _owner(): redshift.CfnCluster | redshiftserverless.CfnNamespace | undefined {
    return this.owner;
  }

  /** The cluster or workgroup of this app, for what must wait for it; undefined when imported. @internal */
  public _resource(): redshift.CfnCluster | redshiftserverless.CfnWorkgroup | undefined {
    return this.resource;
  }

  /** The Data API's parameters naming this target: `ClusterIdentifier` or `WorkgroupName`. @internal */
  public _dataApiTarget(): { [name: string]: string } {
    return this.kind === RedshiftTargetKind.PROVISIONED_CLUSTER
      ? { ClusterIdentifier: this.name }
      : { WorkgroupName: this.name };
  }
}
