import { Duration } from 'aws-cdk-lib';
import { DEFAULT_LATENCY_OBJECTIVE, readLagSettings } from '../../src/firehose/read-lag';
import { expectInputError } from '../input-errors';

describe('readLagSettings: any delivery stream reading a stream', () => {
  test.each<[string, Duration, Duration | undefined, Duration | undefined, number, number]>([
    ['defaults: 5 minutes, a quarter of the retention', Duration.hours(24), undefined, undefined, 300, 21600],
    ['a 7-day retention: 42 hours', Duration.days(7), undefined, undefined, 300, 151200],
    ['both given', Duration.hours(24), Duration.seconds(30), Duration.hours(1), 30, 3600],
  ])('%s', (_name, retention, objective, backstop, objectiveSeconds, backstopSeconds) => {
    const settings = readLagSettings(retention, objective, backstop);

    expect(settings.latencyObjective.toSeconds()).toBe(objectiveSeconds);
    expect(settings.lagBackstop.toSeconds()).toBe(backstopSeconds);
  });

  test('the default objective is 5 minutes', () => {
    expect(DEFAULT_LATENCY_OBJECTIVE.toMinutes()).toBe(5);
  });

  test.each<[string, Duration | undefined, Duration | undefined, string]>([
    ['a backstop as long as the retention', undefined, Duration.hours(24),
      '`readLagThreshold` must be shorter than the source\'s 24-hour retention, got 86400 seconds: records expire from the stream '
      + 'before the alarm could fire'],
    ['an objective as long as the backstop', Duration.hours(1), Duration.hours(1),
      '`latencyObjective` must be longer than 0 and shorter than the 1 hour read-lag backstop (`readLagThreshold`), got 3600 seconds: '
      + 'the latency alarm must fire before the data-loss backstop'],
    ['a backstop below the default objective', undefined, Duration.minutes(4),
      '`readLagThreshold` must be longer than the 5 minutes default `latencyObjective`, got 240 seconds: set a shorter '
      + '`latencyObjective` as well'],
  ])('refuses %s', (_name, objective, backstop, message) => {
    expectInputError(() => readLagSettings(Duration.hours(24), objective, backstop), message);
  });
});
