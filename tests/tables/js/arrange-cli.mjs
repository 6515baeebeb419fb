// Reads {columns, rows: [{id, cells}], view} as JSON on stdin and prints what the grid's
// arrange() makes of it, for tests/tables/test_arrange_parity.py.
import { arrange } from "../../../frontend/tables/arrange.js";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { columns, rows, view, labels } = JSON.parse(input);
const cells = new Map(rows.map((row) => [row.id, row.cells]));
const result = arrange({
  ids: rows.map((row) => row.id),
  columns,
  cell: (id, column) => cells.get(id)?.[column],
  shown: (_column, value) => (value === null || value === undefined ? "" : String(value)),
  view: { sort: [], filters: [], group_by: "", hidden: [], q: "", ...view },
  collator: new Intl.Collator("en", { numeric: true, sensitivity: "base" }),
  label: (column, value) => labels?.[column]?.[String(value)],
});
process.stdout.write(JSON.stringify(result));
