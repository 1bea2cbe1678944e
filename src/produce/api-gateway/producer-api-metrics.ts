import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The metrics of a producer's API stage, namespace `AWS/ApiGateway`, dimensioned by
 * `ApiName` and `Stage`: the stage serves the producer's methods only.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html
 */
export class ProducerApiMetrics {
  constructor(private readonly apiName: string, private readonly stageName: string) {}

  /** Share of requests answered 5XX (the `Average` of `5XXError`), over 5 minutes by default. */
  public serverErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5XXError', 'Average', props);
  }

  /** Requests answered 5XX (the `Sum` of `5XXError`), over 5 minutes by default. */
  public serverErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5XXError', 'Sum', props);
  }

  /** Share of requests answered 4XX (the `Average` of `4XXError`), over 5 minutes by default. */
  public clientErrorRate(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('4XXError', 'Average', props);
  }

  /** Requests (`Count`, `SampleCount`), over 5 minutes by default. */
  public requests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Count', 'SampleCount', props);
  }

  /** Milliseconds from request to response (`Latency`), p99 over 5 minutes by default. */
  public latency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Latency', 'p99', props);
  }

  /** Milliseconds Kinesis took to answer (`IntegrationLatency`), p99 over 5 minutes by default. */
  public integrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('IntegrationLatency', 'p99', props);
  }

  private metric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      statistic,
      period: Duration.minutes(5),
      ...props,
      dimensionsMap: { ApiName: this.apiName, Stage: this.stageName },
    });
  }
}
