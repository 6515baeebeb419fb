// The live table grid: a Yjs document (docs/tables.md) shown as a keyboard-first,
// virtualised ARIA grid. Personal views (sort, filter) are kept in localStorage.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { between, parseTsv, toTsv, valueFromText } from "./values.js";

const LOCAL = "ruche-local";
const ROW_HEIGHT = 34;
const OVERSCAN = 8;

function readConfig(root) {
  const data = JSON.parse(document.getElementById("table-grid-config").textContent);
  return {
    tableId: root.dataset.tableId,
    wsPath: root.dataset.wsPath,
    api: root.dataset.api,
    readonly: root.dataset.readonly === "true",
    user: { name: root.dataset.userName, color: root.dataset.userColour },
    lang: document.documentElement.lang || "en",
    ...data,
  };
}

function connect(config, ydoc) {
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const cut = config.wsPath.lastIndexOf("/");
  return new WebsocketProvider(
    `${scheme}//${window.location.host}${config.wsPath.slice(0, cut)}`,
    config.wsPath.slice(cut + 1),
    ydoc,
    { maxBackoffTime: 5000 },
  );
}

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

class Grid {
  constructor(root, config) {
    this.root = root;
    this.config = config;
    this.t = config.strings;
    this.ydoc = new Y.Doc();
    this.columnsMap = this.ydoc.getMap("columns");
    this.rowsMap = this.ydoc.getMap("rows");
    this.rowPos = this.ydoc.getMap("row_pos");
    this.undo = new Y.UndoManager([this.columnsMap, this.rowsMap, this.rowPos], {
      trackedOrigins: new Set([LOCAL]),
      captureTimeout: 300,
    });
    this.viewKey = `ruche-table-view-${config.tableId}`;
    // Formatters are costly to build: one each, not one per cell.
    this.formats = {
      number: new Intl.NumberFormat(config.lang, { maximumFractionDigits: 10 }),
      date: new Intl.DateTimeFormat(config.lang, { dateStyle: "medium", timeZone: "UTC" }),
    };
    this.view = this.loadView();
    this.active = { row: 0, col: 0 };
    this.anchor = null;
    this.editing = null;
    this.columns = [];
    this.rowIds = [];
    this.build();
    this.provider = connect(config, this.ydoc);
    this.provider.on("status", ({ status }) => this.setStatus(status));
    this.provider.on("sync", (synced) => {
      if (!synced) return;
      performance.mark("ruche-table-synced");
      this.setStatus("synced");
    });
    this.provider.awareness.setLocalStateField("user", config.user);
    this.provider.awareness.on("change", () => this.renderPresence());
    this.ydoc.on("afterTransaction", () => this.schedule());
  }

  loadView() {
    try {
      return { sort: null, filter: "", ...JSON.parse(localStorage.getItem(this.viewKey) || "{}") };
    } catch {
      return { sort: null, filter: "" };
    }
  }

  saveView() {
    localStorage.setItem(this.viewKey, JSON.stringify(this.view));
  }

  // ---------- model ----------

  readModel() {
    const columns = [];
    this.columnsMap.forEach((spec, id) => {
      if (spec instanceof Y.Map) columns.push({ id, spec, pos: String(spec.get("pos") || "") });
    });
    columns.sort((a, b) => (a.pos < b.pos ? -1 : a.pos > b.pos ? 1 : a.id < b.id ? -1 : 1));
    this.columns = columns.map(({ id, spec }) => ({
      id,
      name: String(spec.get("name") || ""),
      type: String(spec.get("type") || "text"),
      width: Number(spec.get("width")) || 160,
      options: Array.isArray(spec.get("options")) ? spec.get("options") : [],
      pos: String(spec.get("pos") || ""),
    }));
    const keyed = [];
    this.rowsMap.forEach((row, id) => {
      if (row instanceof Y.Map) keyed.push([String(this.rowPos.get(id) ?? "~"), id]);
    });
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
    const ids = keyed.map((pair) => pair[1]);
    this.orderIds = ids;
    this.rowIds = this.applyView(ids);
  }

  cell(rowId, colId) {
    const row = this.rowsMap.get(rowId);
    return row instanceof Y.Map ? row.get(colId) : undefined;
  }

  applyView(ids) {
    let out = ids;
    const needle = (this.view.filter || "").trim().toLowerCase();
    if (needle) {
      out = out.filter((id) =>
        this.columns.some((c) => this.display(c, this.cell(id, c.id)).toLowerCase().includes(needle)),
      );
    }
    const sort = this.view.sort;
    const column = sort && this.columns.find((c) => c.id === sort.col);
    if (column) {
      const sign = sort.dir === "desc" ? -1 : 1;
      const collator = new Intl.Collator(this.config.lang, { numeric: true });
      out = [...out].sort((a, b) => {
        const x = this.cell(a, column.id);
        const y = this.cell(b, column.id);
        if (x == null || x === "") return y == null || y === "" ? 0 : 1;
        if (y == null || y === "") return -1;
        if (typeof x === "number" && typeof y === "number") return sign * (x - y);
        return sign * collator.compare(this.display(column, x), this.display(column, y));
      });
    }
    return out;
  }

  transact(fn) {
    this.ydoc.transact(fn, LOCAL);
  }

  setCell(rowId, colId, value) {
    const row = this.rowsMap.get(rowId);
    if (!(row instanceof Y.Map)) return;
    if (value === null || value === undefined || value === "") row.delete(colId);
    else row.set(colId, value);
  }

  addRows(count, afterId = null) {
    const keys = this.orderIds.map((id) => String(this.rowPos.get(id) ?? ""));
    let index = afterId === null ? keys.length - 1 : this.orderIds.indexOf(afterId);
    let low = index >= 0 ? keys[index] : "";
    const high = index + 1 < keys.length ? keys[index + 1] : null;
    const made = [];
    for (let i = 0; i < count; i += 1) {
      const id = `r${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
      low = between(low, high);
      this.rowsMap.set(id, new Y.Map());
      this.rowPos.set(id, low);
      made.push(id);
    }
    return made;
  }

  // ---------- display ----------

  display(column, value) {
    if (value === null || value === undefined) return "";
    switch (column.type) {
      case "number":
        return typeof value === "number"
          ? this.formats.number.format(value)
          : String(value);
      case "yes_no":
        return value === true ? this.t.yes : value === false ? this.t.no : String(value);
      case "date": {
        const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(value));
        if (!m) return String(value);
        const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
        return this.formats.date.format(d);
      }
      case "choices":
        return Array.isArray(value) ? value.join(", ") : String(value);
      case "person":
        return this.config.people[String(value)] || String(value);
      default:
        return String(value);
    }
  }

  rawText(column, value) {
    if (value === null || value === undefined) return "";
    if (Array.isArray(value)) return value.join("; ");
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (column.type === "person") return this.config.people[String(value)] || String(value);
    return String(value);
  }

  // ---------- DOM ----------

  build() {
    const t = this.t;
    this.status = document.querySelector(".table-status");
    this.presence = this.root.querySelector(".table-presence");
    this.filterInput = this.root.querySelector(".table-filter");
    this.filterInput.value = this.view.filter || "";
    this.filterInput.addEventListener("input", () => {
      this.view.filter = this.filterInput.value;
      this.saveView();
      this.schedule();
    });
    this.root.querySelector(".table-sort-reset").addEventListener("click", () => {
      this.view.sort = null;
      this.saveView();
      this.schedule();
    });
    this.count = this.root.querySelector(".table-count");
    this.grid = this.root.querySelector("[role=grid]");
    this.head = this.grid.querySelector(".tg-head");
    this.scroller = this.grid.querySelector(".tg-body");
    this.spacer = this.scroller.querySelector(".tg-spacer");
    this.rowsBox = this.scroller.querySelector(".tg-rows");
    this.totals = this.grid.querySelector(".tg-totals");
    this.scroller.addEventListener("scroll", () => {
      this.head.scrollLeft = this.scroller.scrollLeft;
      this.totals.scrollLeft = this.scroller.scrollLeft;
      this.renderRows();
    });
    this.grid.addEventListener("keydown", (event) => this.onKey(event));
    this.grid.addEventListener("copy", (event) => this.onCopy(event));
    this.grid.addEventListener("paste", (event) => this.onPaste(event));
    this.rowsBox.addEventListener("mousedown", (event) => this.onClick(event));
    this.rowsBox.addEventListener("dblclick", () => this.startEdit());
    const on = (name, fn) => this.root.querySelector(`[data-command=${name}]`)?.addEventListener("click", fn);
    on("add-row", () => this.commandAddRow());
    on("add-column", () => this.openColumnDialog(null));
    on("delete-row", () => this.commandDeleteRow());
    on("undo", () => this.undo.undo());
    on("redo", () => this.undo.redo());
    on("history", () => this.showHistory());
    this.dialog = this.root.querySelector(".tg-column-dialog");
    this.dialog?.querySelector("form").addEventListener("submit", (event) => this.saveColumn(event));
    this.dialog?.querySelector("[data-command=cancel]").addEventListener("click", () => this.dialog.close());
    this.dialog?.querySelector("[data-command=delete-column]").addEventListener("click", () => this.deleteColumn());
    this.historyBox = this.root.querySelector(".tg-history");
    this.grid.setAttribute("aria-readonly", this.config.readonly ? "true" : "false");
  }

  setStatus(state) {
    const text = { connected: this.t.connected, synced: this.t.connected, connecting: this.t.syncing,
      disconnected: this.t.offline }[state];
    if (text) {
      this.status.textContent = text;
      this.status.dataset.state = state;
      if (state === "synced") this.root.dataset.synced = "true";
    }
  }

  schedule() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = null;
      this.render();
    });
  }

  render() {
    // Others' changes must not replace the cell being edited: draw once the edit ends.
    if (this.editing) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.readModel();
    this.grid.setAttribute("aria-rowcount", String(this.rowIds.length + 2));
    this.grid.setAttribute("aria-colcount", String(this.columns.length + 1));
    this.active.row = Math.max(0, Math.min(this.active.row, this.rowIds.length - 1));
    this.active.col = Math.max(0, Math.min(this.active.col, this.columns.length - 1));
    this.count.textContent = this.t.rowsShown
      .replace("%(shown)s", this.rowIds.length)
      .replace("%(total)s", this.orderIds.length);
    this.renderHead();
    this.spacer.style.height = `${this.rowIds.length * ROW_HEIGHT}px`;
    this.spacer.style.width = `${this.totalWidth()}px`;
    this.lastRange = null;
    this.renderRows();
    this.renderTotals();
    this.publishCursor();
    if (this.rowIds.length && !this.rendered) {
      this.rendered = true;
      performance.mark("ruche-table-first-rows");
    }
  }

  totalWidth() {
    return 56 + this.columns.reduce((sum, c) => sum + c.width, 0);
  }

  renderHead() {
    const row = el("div", { role: "row", "aria-rowindex": "1", class: "tg-row tg-row--head" });
    row.append(el("div", { role: "columnheader", class: "tg-rownum", "aria-colindex": "1" }, "#"));
    this.columns.forEach((column, index) => {
      const sort = this.view.sort && this.view.sort.col === column.id ? this.view.sort.dir : null;
      const cell = el("div", {
        role: "columnheader", class: "tg-cell tg-headcell", id: `tg-h-${column.id}`,
        "aria-colindex": String(index + 2),
        "aria-sort": sort === "asc" ? "ascending" : sort === "desc" ? "descending" : "none",
      });
      cell.style.width = `${column.width}px`;
      const name = el("button", { type: "button", class: "tg-headname" }, column.name);
      name.title = `${this.config.types[column.type] || column.type} · ${this.t.sortAsc}`;
      name.addEventListener("click", () => this.toggleSort(column.id));
      cell.append(name);
      if (!this.config.readonly) {
        const edit = el("button", { type: "button", class: "tg-headedit", "aria-label": `${this.t.editColumn}: ${column.name}` }, "⋯");
        edit.addEventListener("click", () => this.openColumnDialog(column));
        cell.append(edit);
      }
      row.append(cell);
    });
    this.head.replaceChildren(row);
  }

  toggleSort(colId) {
    const current = this.view.sort && this.view.sort.col === colId ? this.view.sort.dir : null;
    this.view.sort = current === "asc" ? { col: colId, dir: "desc" } : current === "desc" ? null : { col: colId, dir: "asc" };
    this.saveView();
    this.schedule();
  }

  renderRows() {
    if (this.editing) return;
    const top = this.scroller.scrollTop;
    const height = this.scroller.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rowIds.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const fragment = document.createDocumentFragment();
    const range = this.selection();
    for (let index = first; index < last; index += 1) {
      fragment.append(this.renderRow(index, range));
    }
    this.rowsBox.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    this.rowsBox.replaceChildren(fragment);
    this.renderPresence();
    const activeId = this.cellId(this.active.row, this.active.col);
    if (document.getElementById(activeId)) this.grid.setAttribute("aria-activedescendant", activeId);
  }

  renderRow(index, range) {
    const rowId = this.rowIds[index];
    const row = el("div", { role: "row", class: "tg-row", "aria-rowindex": String(index + 2) });
    row.dataset.row = String(index);
    const num = el("div", { role: "rowheader", class: "tg-rownum", "aria-colindex": "1" }, String(index + 1));
    row.append(num);
    this.columns.forEach((column, col) => {
      const value = this.cell(rowId, column.id);
      const cell = el("div", {
        role: "gridcell", class: `tg-cell tg-cell--${column.type}`, id: this.cellId(index, col),
        "aria-colindex": String(col + 2),
      });
      cell.dataset.col = String(col);
      cell.style.width = `${column.width}px`;
      if (column.type === "url" && typeof value === "string" && /^https?:\/\//i.test(value)) {
        const link = el("a", { href: value, rel: "noopener noreferrer", target: "_blank", tabindex: "-1" }, value);
        cell.append(link);
      } else {
        cell.textContent = this.display(column, value);
      }
      if (this.inRange(range, index, col)) cell.setAttribute("aria-selected", "true");
      if (index === this.active.row && col === this.active.col) cell.classList.add("tg-cell--active");
      row.append(cell);
    });
    return row;
  }

  cellId(row, col) {
    return `tg-c-${row}-${col}`;
  }

  renderTotals() {
    const row = el("div", { role: "row", class: "tg-row tg-row--totals", "aria-rowindex": String(this.rowIds.length + 2) });
    row.append(el("div", { role: "rowheader", class: "tg-rownum", "aria-colindex": "1" }, this.t.total));
    this.columns.forEach((column, col) => {
      const cell = el("div", { role: "gridcell", class: "tg-cell", "aria-colindex": String(col + 2) });
      cell.style.width = `${column.width}px`;
      if (column.type === "number") {
        let sum = 0;
        for (const id of this.rowIds) {
          const v = this.cell(id, column.id);
          if (typeof v === "number") sum += v;
        }
        cell.textContent = this.display(column, Math.round(sum * 1e9) / 1e9);
        cell.setAttribute("aria-label", `${this.t.total} ${column.name}: ${cell.textContent}`);
      }
      row.append(cell);
    });
    this.totals.replaceChildren(row);
  }

  // ---------- presence ----------

  publishCursor() {
    const rowId = this.rowIds[this.active.row];
    const column = this.columns[this.active.col];
    this.provider?.awareness.setLocalStateField("cell", rowId && column ? { row: rowId, col: column.id } : null);
  }

  renderPresence() {
    if (!this.provider) return;
    const items = [];
    for (const node of this.rowsBox.querySelectorAll(".tg-cell--other")) {
      node.classList.remove("tg-cell--other");
      node.style.removeProperty("--other");
      node.removeAttribute("data-who");
    }
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      if (!state.user) continue;
      const mine = clientId === this.provider.awareness.clientID;
      const li = el("li", { class: "table-presence__person" }, mine ? `${state.user.name} (${this.t.you})` : state.user.name);
      li.style.setProperty("--colour", state.user.color || "#6b5d4f");
      items.push(li);
      if (mine || !state.cell) continue;
      const row = this.rowIds.indexOf(state.cell.row);
      const col = this.columns.findIndex((c) => c.id === state.cell.col);
      const node = row >= 0 && col >= 0 ? document.getElementById(this.cellId(row, col)) : null;
      if (node) {
        node.classList.add("tg-cell--other");
        node.style.setProperty("--other", state.user.color || "#6b5d4f");
        node.dataset.who = state.user.name;
      }
    }
    this.presence.replaceChildren(...items);
  }

  // ---------- selection and keys ----------

  selection() {
    const a = this.anchor || this.active;
    return {
      top: Math.min(a.row, this.active.row), bottom: Math.max(a.row, this.active.row),
      left: Math.min(a.col, this.active.col), right: Math.max(a.col, this.active.col),
    };
  }

  inRange(r, row, col) {
    return row >= r.top && row <= r.bottom && col >= r.left && col <= r.right;
  }

  moveTo(row, col, extend = false) {
    if (extend && !this.anchor) this.anchor = { ...this.active };
    if (!extend) this.anchor = null;
    this.active = {
      row: Math.max(0, Math.min(row, this.rowIds.length - 1)),
      col: Math.max(0, Math.min(col, this.columns.length - 1)),
    };
    const top = this.active.row * ROW_HEIGHT;
    if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
    else if (top + ROW_HEIGHT > this.scroller.scrollTop + this.scroller.clientHeight) {
      this.scroller.scrollTop = top + ROW_HEIGHT - this.scroller.clientHeight;
    }
    this.renderRows();
    this.publishCursor();
    const node = document.getElementById(this.cellId(this.active.row, this.active.col));
    node?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }

  onClick(event) {
    const cell = event.target.closest("[role=gridcell]");
    const row = event.target.closest("[role=row]");
    if (!cell || !row) return;
    if (this.editing && this.editing.input.contains(event.target)) return;
    const [rowIndex, colIndex] = [Number(row.dataset.row), Number(cell.dataset.col)];
    if (this.editing) this.commitEdit(0, 0);
    this.moveTo(rowIndex, colIndex, event.shiftKey);
    this.grid.focus();
    event.preventDefault();
  }

  onKey(event) {
    if (this.editing) return;
    const { row, col } = this.active;
    const ctrl = event.ctrlKey || event.metaKey;
    const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    if (moves[event.key]) {
      const [dr, dc] = moves[event.key];
      this.moveTo(row + dr, col + dc, event.shiftKey);
    } else if (event.key === "Tab") {
      if (event.shiftKey ? col === 0 : col === this.columns.length - 1) return;
      this.moveTo(row, col + (event.shiftKey ? -1 : 1));
    } else if (event.key === "Home") this.moveTo(ctrl ? 0 : row, 0);
    else if (event.key === "End") this.moveTo(ctrl ? this.rowIds.length - 1 : row, this.columns.length - 1);
    else if (event.key === "PageDown") this.moveTo(row + 10, col);
    else if (event.key === "PageUp") this.moveTo(row - 10, col);
    else if (ctrl && event.key.toLowerCase() === "z") {
      event.shiftKey ? this.undo.redo() : this.undo.undo();
    } else if (ctrl && event.key.toLowerCase() === "y") this.undo.redo();
    else if (this.config.readonly || ctrl || event.altKey) return;
    else if (event.key === "Enter" || event.key === "F2") this.startEdit();
    else if (event.key === " " && this.columns[col]?.type === "yes_no") this.toggleYesNo();
    else if (event.key === "Delete" || event.key === "Backspace") this.clearRange();
    else if (event.key.length === 1) {
      this.startEdit(event.key);
    } else return;
    event.preventDefault();
  }

  toggleYesNo() {
    const rowId = this.rowIds[this.active.row];
    const column = this.columns[this.active.col];
    this.transact(() => this.setCell(rowId, column.id, this.cell(rowId, column.id) !== true));
  }

  clearRange() {
    const r = this.selection();
    this.transact(() => {
      for (let row = r.top; row <= r.bottom; row += 1) {
        for (let col = r.left; col <= r.right; col += 1) this.setCell(this.rowIds[row], this.columns[col].id, null);
      }
    });
  }

  // ---------- editing ----------

  startEdit(initial) {
    const rowId = this.rowIds[this.active.row];
    const column = this.columns[this.active.col];
    const node = document.getElementById(this.cellId(this.active.row, this.active.col));
    if (!rowId || !column || !node || this.config.readonly) return;
    if (column.type === "yes_no") return this.toggleYesNo();
    const value = this.cell(rowId, column.id);
    const input = this.editorFor(column, value);
    input.classList.add("tg-editor");
    input.setAttribute("aria-label", `${column.name}, ${this.t.row.replace("%(n)s", this.active.row + 1)}`);
    if (initial !== undefined && input.tagName !== "SELECT" && input.type !== "date") input.value = initial;
    node.replaceChildren(input);
    this.editing = { rowId, column, input };
    input.focus();
    input.addEventListener("keydown", (event) => this.onEditorKey(event));
    input.addEventListener("blur", () => this.editing && this.editing.input === input && this.commitEdit(0, 0));
  }

  editorFor(column, value) {
    if (column.type === "choice" || column.type === "person") {
      const select = el("select");
      select.append(el("option", { value: "" }, this.t.empty));
      const options = column.type === "person"
        ? Object.entries(this.config.people)
        : column.options.map((o) => [o, o]);
      for (const [key, label] of options) select.append(el("option", { value: key }, label));
      select.value = value == null ? "" : String(value);
      return select;
    }
    const input = el(column.type === "long_text" ? "textarea" : "input");
    if (column.type === "date") input.type = "date";
    input.value = column.type === "date" ? String(value ?? "") : this.rawText(column, value);
    return input;
  }

  onEditorKey(event) {
    event.stopPropagation();
    if (event.key === "Escape") {
      this.editing = null;
      this.render();
      this.grid.focus();
      event.preventDefault();
    } else if (event.key === "Enter" && !event.shiftKey) {
      this.commitEdit(1, 0);
      event.preventDefault();
    } else if (event.key === "Tab") {
      this.commitEdit(0, event.shiftKey ? -1 : 1);
      event.preventDefault();
    }
  }

  commitEdit(dr, dc) {
    const { rowId, column, input } = this.editing;
    this.editing = null;
    const value = column.type === "person" || column.type === "choice" || column.type === "date"
      ? input.value || null
      : valueFromText(column.type, input.value);
    if (JSON.stringify(value ?? null) !== JSON.stringify(this.cell(rowId, column.id) ?? null)) {
      this.transact(() => this.setCell(rowId, column.id, value));
    }
    this.render();
    this.moveTo(this.active.row + dr, this.active.col + dc);
    this.grid.focus();
  }

  // ---------- clipboard ----------

  onCopy(event) {
    if (this.editing) return;
    const r = this.selection();
    const lines = [];
    for (let row = r.top; row <= r.bottom; row += 1) {
      const line = [];
      for (let col = r.left; col <= r.right; col += 1) {
        const column = this.columns[col];
        line.push(this.rawText(column, this.cell(this.rowIds[row], column.id)));
      }
      lines.push(line);
    }
    event.clipboardData.setData("text/plain", toTsv(lines));
    event.preventDefault();
  }

  onPaste(event) {
    if (this.editing || this.config.readonly) return;
    const rows = parseTsv(event.clipboardData.getData("text/plain"));
    if (!rows.length) return;
    event.preventDefault();
    const { row: top, col: left } = this.active;
    this.transact(() => {
      const missing = top + rows.length - this.rowIds.length;
      if (missing > 0) {
        const made = this.addRows(missing, this.orderIds[this.orderIds.length - 1] ?? null);
        this.rowIds = [...this.rowIds, ...made];
      }
      rows.forEach((line, i) => {
        line.forEach((text, j) => {
          const column = this.columns[left + j];
          if (column) this.setCell(this.rowIds[top + i], column.id, valueFromText(column.type, text, this.config.people));
        });
      });
    });
  }

  // ---------- commands ----------

  commandAddRow() {
    this.transact(() => this.addRows(1, this.rowIds[this.active.row] ?? null));
    this.readModel();
    this.moveTo(this.active.row + 1, this.active.col);
    this.grid.focus();
  }

  commandDeleteRow() {
    const rowId = this.rowIds[this.active.row];
    if (!rowId || !window.confirm(this.t.confirmDeleteRow)) return;
    this.transact(() => {
      this.rowsMap.delete(rowId);
      this.rowPos.delete(rowId);
    });
    this.grid.focus();
  }

  openColumnDialog(column) {
    this.dialogColumn = column;
    const form = this.dialog.querySelector("form");
    form.elements.name.value = column ? column.name : this.t.newColumn;
    form.elements.type.value = column ? column.type : "text";
    form.elements.width.value = column ? column.width : 160;
    form.elements.options.value = column ? column.options.join("\n") : "";
    this.dialog.querySelector("[data-command=delete-column]").hidden = !column;
    this.dialog.showModal();
    form.elements.name.focus();
  }

  saveColumn(event) {
    event.preventDefault();
    const form = event.target;
    const props = {
      name: form.elements.name.value.trim() || this.t.newColumn,
      type: form.elements.type.value,
      width: Math.max(40, Math.min(2000, Number(form.elements.width.value) || 160)),
      options: form.elements.options.value.split("\n").map((o) => o.trim()).filter(Boolean),
    };
    this.transact(() => {
      if (this.dialogColumn) {
        const spec = this.columnsMap.get(this.dialogColumn.id);
        for (const [key, value] of Object.entries(props)) {
          if (JSON.stringify(spec.get(key)) !== JSON.stringify(value)) spec.set(key, value);
        }
      } else {
        const last = this.columns.length ? this.columns[this.columns.length - 1].pos : "";
        const spec = new Y.Map();
        this.columnsMap.set(`c${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`, spec);
        for (const [key, value] of Object.entries({ ...props, pos: between(last, null) })) spec.set(key, value);
      }
    });
    this.dialog.close();
    this.grid.focus();
  }

  deleteColumn() {
    if (!this.dialogColumn || !window.confirm(this.t.confirmDeleteColumn)) return;
    this.transact(() => this.columnsMap.delete(this.dialogColumn.id));
    this.dialog.close();
    this.grid.focus();
  }

  async showHistory() {
    const rowId = this.rowIds[this.active.row];
    const column = this.columns[this.active.col];
    if (!rowId || !column) return;
    const response = await fetch(`${this.config.api}/cells/${rowId}/${column.id}/history`, {
      credentials: "same-origin", headers: { Accept: "application/json" },
    });
    const changes = response.ok ? await response.json() : [];
    const list = el("ol", { class: "tg-history__list" });
    const show = (v) => (v === null || v === undefined ? this.t.empty : this.rawText(column, v));
    for (const change of changes) {
      const when = new Intl.DateTimeFormat(this.config.lang, { dateStyle: "short", timeStyle: "short" }).format(new Date(change.at));
      list.append(el("li", {}, `${when} · ${change.author.name}: ${this.t.changedFrom} « ${show(change.from)} » ${this.t.changedTo} « ${show(change.to)} »`));
    }
    const title = el("h2", {}, `${this.t.history}: ${column.name}, ${this.t.row.replace("%(n)s", this.active.row + 1)}`);
    this.historyBox.replaceChildren(title, changes.length ? list : el("p", {}, this.t.noHistory));
    this.historyBox.hidden = false;
  }
}

const root = document.getElementById("table-grid");
if (root) window.rucheTable = new Grid(root, readConfig(root));
