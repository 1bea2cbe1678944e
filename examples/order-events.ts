import { ColumnType, StreamSchema } from '../src';

/**
 * The orders stream's event, declared once: the Glue Schema Registry's Avro schema and
 * the lake's Parquet table are both generated from it.
 */
export const ORDER_PLACED = new StreamSchema({
  name: 'OrderPlaced',
  description: 'A customer placed an order',
  columns: [
    { name: 'order_id', type: ColumnType.STRING, nullable: false },
    { name: 'customer_id', type: ColumnType.STRING, nullable: false },
    { name: 'amount', type: ColumnType.decimal(12, 2), nullable: false, comment: 'Order total in the currency below' },
    { name: 'currency', type: ColumnType.STRING, nullable: false },
    { name: 'items', type: ColumnType.array(ColumnType.STRING), comment: 'SKUs' },
    { name: 'placed_at', type: ColumnType.TIMESTAMP, nullable: false },
  ],
});
