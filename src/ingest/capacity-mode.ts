import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { StreamCapacityMode } from '../planning/kinesis/stream-capacity-mode';

/** The planner's capacity mode of a stream created in `mode`, to plan and price it with. */
export function capacityModeOf(mode: kinesis.StreamMode): StreamCapacityMode {
  switch (mode) {
    case kinesis.StreamMode.PROVISIONED: return StreamCapacityMode.PROVISIONED;
    case kinesis.StreamMode.ON_DEMAND: return StreamCapacityMode.ON_DEMAND;
  }
  throw new Error(`unknown stream mode ${String(mode)}`);
}
