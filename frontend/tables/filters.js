// The filter editor of the view in use: rows of column, condition and value, all of which
// must hold (the quick search box is one more). Values are read as the column's type
// (a date typed 15/03/2026 is kept as 2026-03-15, "yes" as true) so they compare with
// what is stored.
import { valueFromText } from "./values.js";

const OPS = ["contains", "equals", "not_equals", "gt", "lt", "empty", "not_empty"];
const NO_VALUE = new Set(["empty", "not_empty"]);

function node(tag, attrs = {}, text) {
  const made = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) made.setAttribute(key, value);
  if (text !== undefined) made.textContent = text;
  return made;
}

export class FilterEditor {
  constructor(grid) {
    this.grid = grid;
    this.t = grid.t;
    this.list = grid.root.querySelector(".table-filters__list");
    this.count = grid.root.querySelector(".table-filters__count");
    if (!this.list) return;
    grid.root.querySelector("[data-command=filter-add]")?.addEventListener("click", () => {
      this.write([...this.grid.view.filters, { column: "", op: "contains", value: "" }]);
      this.draw(true);
      this.list.querySelector("li:last-child select")?.focus();
    });
    this.list.addEventListener("change", (event) => this.read(event));
    this.list.addEventListener("input", (event) => event.target.tagName === "INPUT" && this.read(event));
    this.list.addEventListener("click", (event) => {
      const remove = event.target.closest("[data-remove]");
      if (!remove) return;
      const filters = this.grid.view.filters.filter((_f, i) => i !== Number(remove.dataset.remove));
      this.write(filters);
      this.draw(true);
      (this.list.querySelector("li:last-child select") || this.grid.root.querySelector("[data-command=filter-add]"))?.focus();
    });
  }

  // What the editor writes it already shows: only changes from elsewhere redraw it.
  write(filters) {
    this.signature = this.signatureOf(filters);
    this.grid.setView({ ...this.grid.view, filters });
  }

  signatureOf(filters) {
    return JSON.stringify([filters, this.grid.allColumns.map((c) => [c.id, c.name])]);
  }

  read(event) {
    const item = event.target.closest("li");
    if (!item) return;
    const index = Number(item.dataset.index);
    const [column, op, value] = ["column", "op", "value"].map((name) => item.querySelector(`[name=${name}]`).value);
    const type = this.grid.allColumns.find((c) => c.id === column)?.type;
    const typed = type && ["number", "yes_no", "date"].includes(type) && op !== "contains" ? valueFromText(type, value) : value;
    const filters = [...this.grid.view.filters];
    filters[index] = { column, op, value: NO_VALUE.has(op) ? "" : typed ?? "" };
    item.querySelector("[name=value]").hidden = NO_VALUE.has(op);
    this.write(filters);
  }

  draw(force = false) {
    if (!this.list) return;
    const filters = this.grid.view.filters;
    if (this.count) this.count.textContent = filters.length ? `(${filters.length})` : "";
    const signature = this.signatureOf(filters);
    if (!force && signature === this.signature) return;
    this.signature = signature;
    this.list.replaceChildren(...filters.map((filter, index) => this.item(filter, index)));
  }

  item(filter, index) {
    const item = node("li", { class: "table-filters__item cluster" });
    item.dataset.index = String(index);
    const column = node("select", { name: "column", "aria-label": this.t.filterColumn });
    column.append(node("option", { value: "" }, this.t.anyColumn));
    for (const c of this.grid.allColumns) column.append(node("option", { value: c.id }, c.name));
    column.value = filter.column || "";
    const op = node("select", { name: "op", "aria-label": this.t.filterOp });
    for (const name of OPS) op.append(node("option", { value: name }, this.t[`op_${name}`]));
    op.value = filter.op;
    const value = node("input", { name: "value", type: "text", "aria-label": this.t.filterValue });
    value.value = filter.value === true ? this.t.yes : filter.value === false ? this.t.no : String(filter.value ?? "");
    value.hidden = NO_VALUE.has(filter.op);
    const remove = node("button", { type: "button", class: "button", "aria-label": this.t.removeFilter }, "×");
    remove.dataset.remove = String(index);
    item.append(column, op, value, remove);
    return item;
  }
}
