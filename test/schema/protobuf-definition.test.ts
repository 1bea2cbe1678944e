import { orderPlaced, ping } from './schema-fixtures';
import { ColumnType, StreamSchema } from '../../src/schema';
import { protobufDefinition } from '../../src/schema/protobuf-definition';

describe('protobufDefinition', () => {
  test('renders every column type as proto3, numbered in declaration order', () => {
    expect(protobufDefinition(orderPlaced())).toBe(`syntax = "proto3";

// An order was placed.
message OrderPlaced {
  // The order's id.
  string order_id = 1;
  int32 quantity = 2;
  optional int64 customer_seq = 3;
  optional double weight_kg = 4;
  optional bool gift = 5;
  // When the "order" was placed.
  // In UTC.
  // Epoch milliseconds (UTC).
  int64 placed_at = 6;
  // A date, yyyy-MM-dd.
  optional string ship_on = 7;
  // Total, tax included.
  // decimal(12,2) as a decimal string, exact.
  optional string amount = 8;
  repeated string tags = 9;
  repeated LinePricesItem line_prices = 10;

  message LinePricesItem {
    // decimal(9,2) as a decimal string, exact.
    repeated string values = 1;
  }
}
`);
  });

  test('the exact text of a small schema: no comment without a description', () => {
    expect(protobufDefinition(ping())).toBe('syntax = "proto3";\n\nmessage Ping {\n  optional string id = 1;\n}\n');
  });

  test('deeper arrays nest one message per level, names kept unique', () => {
    const schema = new StreamSchema({
      name: 'Cube',
      description: 'Line one.\n\nLine three.',
      columns: [
        { name: 'cells', type: ColumnType.array(ColumnType.array(ColumnType.array(ColumnType.DATE))), comment: 'x, y, z' },
        { name: 'cells_item', type: ColumnType.array(ColumnType.array(ColumnType.BOOLEAN)) },
        { name: '_', type: ColumnType.array(ColumnType.array(ColumnType.INT)) },
      ],
    });
    expect(protobufDefinition(schema)).toBe(`syntax = "proto3";

// Line one.
//
// Line three.
message Cube {
  // x, y, z
  repeated CellsItem cells = 1;
  repeated CellsItemItem2 cells_item = 2;
  repeated Item _ = 3;

  message CellsItem {
    repeated CellsItemItem values = 1;
  }

  message CellsItemItem {
    // A date, yyyy-MM-dd.
    repeated string values = 1;
  }

  message CellsItemItem2 {
    repeated bool values = 1;
  }

  message Item {
    repeated int32 values = 1;
  }
}
`);
  });
});
