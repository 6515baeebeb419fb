// Views of the grid: filter, sort and group rows as a view says. The same rules as
// ruche/tables/arrangement.py (the API's /tables/views/{id}/rows): filters and sort keys
// compare stored values, empty cells sort last both ways, groups come in ascending order
// of their value with the empty group last. The quick search (`q`) also matches what a
// cell shows (a person's name, a link's title).

export const EMPTY_VIEW = Object.freeze({ sort: [], filters: [], group_by: "", hidden: [], q: "" });

export function isEmpty(value) {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length);
}

export function valueText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (Array.isArray(value)) return value.map(valueText).join("; ");
  return String(value);
}

function asNumber(value) {
  if (typeof value === "number") return value;
  const n = Number(String(value).replace(",", "."));
  return String(value).trim() !== "" && Number.isFinite(n) ? n : null;
}

export function compareValues(x, y, collator) {
  const xn = typeof x === "number";
  const yn = typeof y === "number";
  if (xn && yn) return x - y;
  if (xn !== yn) return xn ? -1 : 1;
  return collator.compare(valueText(x), valueText(y));
}

function matchOne(op, value, operand, wanted) {
  const text = valueText(value).toLowerCase();
  if (op === "contains") return text.includes(wanted);
  if (op === "equals") return text === wanted;
  const [left, right] = [asNumber(value), asNumber(operand)];
  if (left !== null && right !== null) return op === "gt" ? left > right : left < right;
  return op === "gt" ? valueText(value) > valueText(operand) : valueText(value) < valueText(operand);
}

function matches(filter, values) {
  const { op } = filter;
  if (op === "empty") return values.every(isEmpty);
  if (op === "not_empty") return values.some((v) => !isEmpty(v));
  const wanted = valueText(filter.value).toLowerCase();
  if (op === "not_equals") return values.every((v) => valueText(v).toLowerCase() !== wanted);
  return values.some((v) => !isEmpty(v) && matchOne(op, v, filter.value, wanted));
}

function totalsOf(ids, columns, cell) {
  const totals = {};
  for (const column of columns) {
    if (column.type !== "number") continue;
    let sum = 0;
    for (const id of ids) {
      const v = cell(id, column.id);
      if (typeof v === "number") sum += v;
    }
    totals[column.id] = Math.round(sum * 1e9) / 1e9;
  }
  return totals;
}

// ids: row ids in the shared order; cell(id, columnId) -> stored value;
// shown(column, value) -> the text a cell shows; label(columnId, value) -> what a value
// sorts as when it is not itself (a person's name, a link's title), else undefined.
// Returns the rows to show (grouped if the view says so) with the groups' counts and
// number totals.
export function arrange({ ids, columns, cell, shown, view, collator, label = () => undefined }) {
  const labelled = (column, value) => label(column, value) ?? value;
  const known = new Set(columns.map((c) => c.id));
  const filters = (view.filters || []).filter((f) => !f.column || known.has(f.column));
  let out = ids.filter((id) =>
    filters.every((f) => matches(f, f.column ? [cell(id, f.column)] : columns.map((c) => cell(id, c.id)))),
  );
  const needle = (view.q || "").trim().toLowerCase();
  if (needle) {
    out = out.filter((id) => columns.some((c) => {
      const value = cell(id, c.id);
      return shown(c, value).toLowerCase().includes(needle) || valueText(value).toLowerCase().includes(needle);
    }));
  }
  const keys = (view.sort || []).filter((k) => known.has(k.column));
  if (keys.length) {
    out = [...out].sort((a, b) => {
      for (const key of keys) {
        const [x, y] = [cell(a, key.column), cell(b, key.column)];
        const result = isEmpty(x) || isEmpty(y)
          ? isEmpty(x) - isEmpty(y)
          : compareValues(labelled(key.column, x), labelled(key.column, y), collator) * (key.direction === "desc" ? -1 : 1);
        if (result) return result;
      }
      return 0;
    });
  }
  const visible = columns.filter((c) => !(view.hidden || []).includes(c.id));
  const groupColumn = view.group_by && known.has(view.group_by) ? view.group_by : null;
  if (!groupColumn) return { rows: out, groups: null, totals: totalsOf(out, visible, cell) };
  const members = new Map();
  for (const id of out) {
    const value = cell(id, groupColumn);
    const key = isEmpty(value) ? "" : valueText(value);
    if (!members.has(key)) members.set(key, { value: isEmpty(value) ? null : value, rows: [] });
    members.get(key).rows.push(id);
  }
  const groups = [...members.entries()]
    .sort(([a, ga], [b, gb]) => (a === "" || b === "" ? (a === "") - (b === "")
      : compareValues(labelled(groupColumn, ga.value), labelled(groupColumn, gb.value), collator)))
    .map(([, group]) => ({ ...group, count: group.rows.length, totals: totalsOf(group.rows, visible, cell) }));
  const rows = groups.flatMap((g) => g.rows);
  return { rows, groups, totals: totalsOf(rows, visible, cell) };
}
