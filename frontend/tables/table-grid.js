// The live table grid: a Yjs document (docs/tables.md) shown as a keyboard-first,
// virtualised ARIA grid. The view in use (sort, filters, grouping, hidden columns, and
// which saved view it came from) is kept in localStorage; saved views live on the server
// (saved-views.js). Until the Yjs document has loaded, the grid paints the first rows the
// page was served with (read-only), so a large table shows at once.
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import { arrange, EMPTY_VIEW } from "./arrange.js";
import { FilterEditor } from "./filters.js";
import { LinkPicker } from "./pickers.js";
import { startResize, resizeByKey } from "./resize.js";
import { SavedViews } from "./saved-views.js";
import { between, parseTsv, toTsv, valueFromText } from "./values.js";

const LOCAL = "ruche-local";
const ROW_HEIGHT = 34;
const OVERSCAN = 8;
const GROUP = "\u0001g";
const PENDING = "\u0001p";
const LINK_TYPES = new Set(["library_item", "wiki_page"]);

function readConfig(root) {
  const data = JSON.parse(document.getElementById("table-grid-config").textContent);
  const first = document.getElementById("table-grid-first");
  return {
    first: first ? JSON.parse(first.textContent) : null,
    spaceId: root.dataset.spaceId,
    csrf: root.dataset.csrf,
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

function isBlank(value) {
  return value === null || value === undefined || value === "";
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
    this.collator = new Intl.Collator(config.lang, { numeric: true, sensitivity: "base" });
    this.live = false;
    this.links = { library_item: {}, wiki_page: {} };
    this.linksAsked = new Set();
    this.active = { row: 0, col: 0 };
    this.anchor = null;
    this.editing = null;
    this.columns = [];
    this.allColumns = [];
    this.rowIds = [];
    this.groupAt = new Map();
    this.build();
    this.picker = new LinkPicker(this);
    this.savedViews = new SavedViews(this);
    this.filterEditor = new FilterEditor(this);
    this.render();
    this.provider = connect(config, this.ydoc);
    this.provider.on("status", ({ status }) => this.setStatus(status));
    this.provider.on("sync", (synced) => {
      if (!synced) return;
      performance.mark("ruche-table-synced");
      this.live = true;
      this.grid.removeAttribute("aria-busy");
      this.setStatus("synced");
      this.schedule();
    });
    this.provider.awareness.setLocalStateField("user", config.user);
    this.provider.awareness.on("change", () => this.renderPresence());
    this.ydoc.on("afterTransaction", () => this.schedule());
  }

  loadView() {
    let stored = {};
    try {
      stored = JSON.parse(localStorage.getItem(this.viewKey) || "{}") || {};
    } catch {
      stored = {};
    }
    // Views kept before saved views existed: {sort: {col, dir}, filter}.
    if (stored.sort && !Array.isArray(stored.sort)) stored.sort = [{ column: stored.sort.col, direction: stored.sort.dir }];
    if (typeof stored.filter === "string") stored.q = stored.filter;
    const view = { ...EMPTY_VIEW, savedId: null };
    for (const key of ["sort", "filters", "hidden"]) if (Array.isArray(stored[key])) view[key] = stored[key];
    for (const key of ["group_by", "q"]) if (typeof stored[key] === "string") view[key] = stored[key];
    if (typeof stored.savedId === "string") view.savedId = stored.savedId;
    return view;
  }

  // Replace the view in use (from a saved view, or cleared) and draw it.
  setView(view) {
    this.view = { ...EMPTY_VIEW, savedId: null, ...view };
    this.filterInput.value = this.view.q || "";
    this.saveView();
    this.render();
  }

  plainView() {
    const v = this.view;
    return !v.sort.length && !v.filters.length && !v.group_by && !(v.q || "").trim();
  }

  saveView() {
    localStorage.setItem(this.viewKey, JSON.stringify(this.view));
  }

  // ---------- model ----------

  readModel() {
    if (!this.live) return this.readFirstRows();
    const columns = [];
    this.columnsMap.forEach((spec, id) => {
      if (spec instanceof Y.Map) columns.push({ id, spec, pos: String(spec.get("pos") || "") });
    });
    columns.sort((a, b) => (a.pos < b.pos ? -1 : a.pos > b.pos ? 1 : a.id < b.id ? -1 : 1));
    this.allColumns = columns.map(({ id, spec }) => ({
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
    this.applyView(ids);
  }

  // Before the document has loaded: the first rows served with the page, in the shared
  // order, and placeholders for the rest (drawn empty) so the scrollbar is right.
  readFirstRows() {
    const first = this.config.first || { columns: [], rows: [], count: 0 };
    this.allColumns = first.columns;
    this.firstCells = new Map(first.rows.map(([id, cells]) => [id, cells]));
    const usable = this.plainView();
    const ids = usable ? first.rows.map(([id]) => id) : [];
    for (let i = ids.length; usable && i < first.count; i += 1) ids.push(`${PENDING}${i}`);
    this.orderIds = ids;
    this.applyView(ids);
  }

  cell(rowId, colId) {
    if (!this.live) return this.firstCells?.get(rowId)?.[colId];
    const row = this.rowsMap.get(rowId);
    return row instanceof Y.Map ? row.get(colId) : undefined;
  }

  // People and links sort by the name or title shown, as the API's views do.
  sortLabel(columnId, value) {
    const type = this.allColumns.find((c) => c.id === columnId)?.type;
    if (type === "person") return this.config.people[String(value)];
    if (LINK_TYPES.has(type)) return this.links[type][String(value)]?.title;
    return undefined;
  }

  isRow(rowId) {
    return rowId !== undefined && !rowId.startsWith("\u0001");
  }

  applyView(ids) {
    this.columns = this.allColumns.filter((c) => !this.view.hidden.includes(c.id));
    const arranged = arrange({
      ids, columns: this.allColumns, cell: (id, col) => this.cell(id, col),
      shown: (column, value) => this.display(column, value), view: this.view, collator: this.collator,
      label: (columnId, value) => this.sortLabel(columnId, value),
    });
    this.totalsShown = arranged.totals;
    this.dataCount = arranged.rows.length;
    this.groupAt = new Map();
    this.numbers = new Map();
    if (!arranged.groups) {
      this.rowIds = arranged.rows;
      return;
    }
    const column = this.allColumns.find((c) => c.id === this.view.group_by);
    const out = [];
    let count = 0;
    arranged.groups.forEach((group, index) => {
      const id = `${GROUP}${index}`;
      this.groupAt.set(id, { ...group, column });
      out.push(id);
      for (const rowId of group.rows) {
        count += 1;
        this.numbers.set(rowId, count);
        out.push(rowId);
      }
    });
    this.rowIds = out;
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
    this.filterInput.value = this.view.q || "";
    this.filterInput.addEventListener("input", () => {
      this.view.q = this.filterInput.value;
      this.saveView();
      this.schedule();
    });
    this.root.querySelector(".table-sort-reset").addEventListener("click", () => {
      this.view.sort = [];
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
    if (this.editing || this.resizing) {
      this.stale = true;
      return;
    }
    this.stale = false;
    this.readModel();
    this.savedViews?.refresh();
    this.filterEditor?.draw();
    this.grid.setAttribute("aria-rowcount", String(this.rowIds.length + 2));
    this.grid.setAttribute("aria-colcount", String(this.columns.length + 1));
    this.active.row = Math.max(0, Math.min(this.active.row, this.rowIds.length - 1));
    this.active.col = Math.max(0, Math.min(this.active.col, this.columns.length - 1));
    this.count.textContent = this.t.rowsShown
      .replace("%(shown)s", this.dataCount)
      .replace("%(total)s", this.live ? this.orderIds.length : (this.config.first?.count ?? 0));
    this.renderHead();
    this.spacer.style.height = `${this.rowIds.length * ROW_HEIGHT}px`;
    this.spacer.style.width = `${this.totalWidth()}px`;
    this.lastRange = null;
    this.renderRows();
    this.renderTotals();
    this.publishCursor();
    if (this.rowIds.length && !this.painted) {
      this.painted = true;
      performance.mark("ruche-table-first-paint");
    }
    if (this.rowIds.length && this.live && !this.rendered) {
      this.rendered = true;
      performance.mark("ruche-table-first-rows");
    }
    if (this.live) this.linksWanted();
  }

  totalWidth() {
    return 56 + this.columns.reduce((sum, c) => sum + c.width, 0);
  }

  renderHead() {
    const focused = document.activeElement?.dataset?.resize;
    const row = el("div", { role: "row", "aria-rowindex": "1", class: "tg-row tg-row--head" });
    row.append(el("div", { role: "columnheader", class: "tg-rownum", "aria-colindex": "1" }, "#"));
    this.columns.forEach((column, index) => {
      const key = this.view.sort.find((k) => k.column === column.id);
      const sort = key ? key.direction : null;
      const cell = el("div", {
        role: "columnheader", class: "tg-cell tg-headcell", id: `tg-h-${column.id}`,
        "aria-colindex": String(index + 2),
        "aria-sort": sort === "asc" ? "ascending" : sort === "desc" ? "descending" : "none",
      });
      cell.dataset.col = String(index);
      cell.style.width = `${column.width}px`;
      const name = el("button", { type: "button", class: "tg-headname" }, column.name);
      name.title = `${this.config.types[column.type] || column.type} · ${this.t.sortAsc}`;
      name.addEventListener("click", () => this.toggleSort(column.id));
      cell.append(name);
      if (!this.config.readonly) {
        const edit = el("button", { type: "button", class: "tg-headedit", "aria-label": `${this.t.editColumn}: ${column.name}` }, "⋯");
        edit.addEventListener("click", () => this.openColumnDialog(column));
        cell.append(edit);
        cell.append(this.resizeHandle(column, index));
      }
      row.append(cell);
    });
    this.head.replaceChildren(row);
    if (focused) this.head.querySelector(`[data-resize="${focused}"]`)?.focus();
  }

  // The edge of a header: drag it (or focus it and press arrows) to set the column's
  // width, for everyone (the width is in the shared document).
  resizeHandle(column, index) {
    const handle = el("div", {
      role: "separator", class: "tg-resize", tabindex: "0", "aria-orientation": "vertical",
      "aria-label": `${this.t.columnWidth}: ${column.name}`, "aria-valuemin": "40", "aria-valuemax": "2000",
      "aria-valuenow": String(Math.round(column.width)),
    });
    handle.dataset.resize = column.id;
    handle.addEventListener("pointerdown", (event) => startResize(this, event, column, index));
    handle.addEventListener("keydown", (event) => resizeByKey(this, event, column));
    return handle;
  }

  // Set a column's width for everyone.
  setWidth(columnId, width) {
    const spec = this.columnsMap.get(columnId);
    const clamped = Math.round(Math.max(40, Math.min(2000, width)));
    if (!(spec instanceof Y.Map) || spec.get("width") === clamped || !this.live) return;
    this.transact(() => spec.set("width", clamped));
  }

  toggleSort(colId) {
    const key = this.view.sort.find((k) => k.column === colId);
    const current = key ? key.direction : null;
    this.view.sort = current === "asc" ? [{ column: colId, direction: "desc" }] : current === "desc" ? [] : [{ column: colId, direction: "asc" }];
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
    if (this.groupAt.has(rowId)) return this.renderGroup(index, this.groupAt.get(rowId));
    const row = el("div", { role: "row", class: "tg-row", "aria-rowindex": String(index + 2) });
    row.dataset.row = String(index);
    const number = this.numbers.get(rowId) ?? index + 1;
    const num = el("div", { role: "rowheader", class: "tg-rownum", "aria-colindex": "1" }, String(number));
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
      } else if (LINK_TYPES.has(column.type) && !isBlank(value)) {
        this.renderLink(cell, column, String(value));
      } else {
        cell.textContent = this.display(column, value);
      }
      if (this.inRange(range, index, col)) cell.setAttribute("aria-selected", "true");
      if (index === this.active.row && col === this.active.col) cell.classList.add("tg-cell--active");
      row.append(cell);
    });
    return row;
  }

  // A group's header: its value and count in the first column, its totals under the
  // number columns.
  renderGroup(index, group) {
    const row = el("div", { role: "row", class: "tg-row tg-row--group", "aria-rowindex": String(index + 2) });
    row.dataset.row = String(index);
    row.append(el("div", { role: "rowheader", class: "tg-rownum", "aria-colindex": "1" }, ""));
    const label = group.value === null ? this.t.empty : this.display(group.column, group.value);
    const count = (group.count === 1 ? this.t.groupCountOne : this.t.groupCount).replace("%(n)s", group.count);
    // The label spans the columns before the first number column (those show totals).
    const firstNumber = this.columns.findIndex((c) => c.type === "number");
    const span = Math.max(1, firstNumber < 0 ? this.columns.length : firstNumber);
    this.columns.forEach((column, col) => {
      if (col > 0 && col < span) return;
      const cell = el("div", { role: "gridcell", class: "tg-cell", id: this.cellId(index, col), "aria-colindex": String(col + 2) });
      if (col === 0) {
        const width = this.columns.slice(0, span).reduce((sum, c) => sum + c.width, 0);
        cell.style.width = `${width}px`;
        if (span > 1) cell.setAttribute("aria-colspan", String(span));
        cell.textContent = `${group.column.name}: ${label} · ${count}`;
        cell.title = cell.textContent;
      } else {
        cell.dataset.col = String(col);
        cell.style.width = `${column.width}px`;
      }
      if (col >= span && column.type === "number") {
        cell.textContent = this.display(column, group.totals[column.id] ?? 0);
        cell.setAttribute("aria-label", `${this.t.total} ${column.name}: ${cell.textContent}`);
        cell.classList.add("tg-cell--number");
      }
      if (index === this.active.row && col === this.active.col) cell.classList.add("tg-cell--active");
      row.append(cell);
    });
    return row;
  }

  // A link to a library item or a wiki page shows its title and opens it; a link whose
  // target is gone (or was never in this space) is marked.
  renderLink(cell, column, id) {
    const target = this.links[column.type][id];
    if (target) {
      cell.append(el("a", { href: target.url, target: "_blank", rel: "noopener", tabindex: "-1" }, target.title));
    } else if (this.linksAsked.has(id)) {
      cell.classList.add("tg-cell--dangling");
      cell.append(el("span", { title: this.t.dangling }, `⚠ ${this.t.missing}`));
    } else {
      cell.textContent = "…";
      this.linksWanted();
    }
  }

  // Fetch the titles behind link cells once the document is here, and again (debounced)
  // when a link appears that we have not asked about.
  linksWanted() {
    if (!this.live || this.linksTimer || !this.allColumns.some((c) => LINK_TYPES.has(c.type))) return;
    const unknown = [];
    for (const column of this.allColumns) {
      if (!LINK_TYPES.has(column.type)) continue;
      this.rowsMap.forEach((row) => {
        const value = row instanceof Y.Map ? row.get(column.id) : null;
        if (!isBlank(value) && !this.linksAsked.has(String(value))) unknown.push(String(value));
      });
    }
    if (!unknown.length) return;
    this.linksTimer = setTimeout(async () => {
      const response = await fetch(`${this.config.api}/links`, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (response.ok) {
        const found = await response.json();
        for (const kind of LINK_TYPES) Object.assign(this.links[kind], found[kind] || {});
      }
      for (const id of unknown) this.linksAsked.add(id);
      this.linksTimer = null;
      this.lastRange = null;
      this.renderRows();
    }, this.linksAsked.size ? 400 : 0);
  }

  cellId(row, col) {
    return `tg-c-${row}-${col}`;
  }

  renderTotals() {
    const row = el("div", { role: "row", class: "tg-row tg-row--totals", "aria-rowindex": String(this.rowIds.length + 2) });
    row.append(el("div", { role: "rowheader", class: "tg-rownum", "aria-colindex": "1" }, this.t.total));
    this.columns.forEach((column, col) => {
      const cell = el("div", { role: "gridcell", class: "tg-cell", "aria-colindex": String(col + 2) });
      cell.dataset.col = String(col);
      cell.style.width = `${column.width}px`;
      if (column.type === "number") {
        // Before the document has loaded only the first rows are known: no total yet.
        cell.textContent = this.live ? this.display(column, this.totalsShown[column.id] ?? 0) : "…";
        cell.setAttribute("aria-label", `${this.t.total} ${column.name}: ${cell.textContent}`);
        cell.classList.add("tg-cell--number");
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
    // Keys pressed on the header's buttons and handles are theirs, not the grid's.
    if (this.editing || event.target !== this.grid) return;
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
    else if (event.altKey && event.key === "Enter") this.openLink();
    else if (this.config.readonly || !this.live || ctrl || event.altKey) return;
    else if (event.key === "Enter" || event.key === "F2") this.startEdit();
    else if (event.key === " " && this.columns[col]?.type === "yes_no") this.toggleYesNo();
    else if (event.key === "Delete" || event.key === "Backspace") this.clearRange();
    else if (event.key.length === 1) {
      this.startEdit(event.key);
    } else return;
    event.preventDefault();
  }

  openLink() {
    const link = document.getElementById(this.cellId(this.active.row, this.active.col))?.querySelector("a[href]");
    if (link) window.open(link.href, "_blank", "noopener");
  }

  toggleYesNo() {
    const rowId = this.rowIds[this.active.row];
    const column = this.columns[this.active.col];
    if (!this.isRow(rowId)) return;
    this.transact(() => this.setCell(rowId, column.id, this.cell(rowId, column.id) !== true));
  }

  clearRange() {
    const r = this.selection();
    this.transact(() => {
      for (let row = r.top; row <= r.bottom; row += 1) {
        if (!this.isRow(this.rowIds[row])) continue;
        for (let col = r.left; col <= r.right; col += 1) this.setCell(this.rowIds[row], this.columns[col].id, null);
      }
    });
  }

  // ---------- editing ----------

  startEdit(initial) {
    const rowId = this.rowIds[this.active.row];
    const column = this.columns[this.active.col];
    const node = document.getElementById(this.cellId(this.active.row, this.active.col));
    if (!this.isRow(rowId) || !column || !node || this.config.readonly || !this.live) return;
    if (column.type === "yes_no") return this.toggleYesNo();
    if (LINK_TYPES.has(column.type)) return this.pickLink(rowId, column, initial);
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

  // Link cells are chosen in a picker (search by title), never typed as ids.
  async pickLink(rowId, column, initial) {
    const picked = await this.picker.open(column, initial ?? "");
    if (picked !== undefined) {
      if (picked) this.links[column.type][picked.id] = { title: picked.title, url: picked.url };
      this.transact(() => this.setCell(rowId, column.id, picked ? picked.id : null));
    }
    this.grid.focus();
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
    if (this.editing || this.config.readonly || !this.live) return;
    const rows = parseTsv(event.clipboardData.getData("text/plain"));
    if (!rows.length) return;
    event.preventDefault();
    const { row: top, col: left } = this.active;
    // Pasted lines go to the rows shown from the active one down, group headers skipped.
    const targets = this.rowIds.slice(top).filter((id) => this.isRow(id));
    this.transact(() => {
      const missing = rows.length - targets.length;
      if (missing > 0) targets.push(...this.addRows(missing, this.orderIds[this.orderIds.length - 1] ?? null));
      rows.forEach((line, i) => {
        line.forEach((text, j) => {
          const column = this.columns[left + j];
          if (column) this.setCell(targets[i], column.id, valueFromText(column.type, text, this.config.people));
        });
      });
    });
  }

  // ---------- commands ----------

  commandAddRow() {
    if (!this.live) return;
    const here = this.rowIds[this.active.row];
    this.transact(() => this.addRows(1, this.isRow(here) ? here : null));
    this.readModel();
    this.moveTo(this.active.row + 1, this.active.col);
    this.grid.focus();
  }

  commandDeleteRow() {
    const rowId = this.rowIds[this.active.row];
    if (!this.isRow(rowId) || !this.live || !window.confirm(this.t.confirmDeleteRow)) return;
    this.transact(() => {
      this.rowsMap.delete(rowId);
      this.rowPos.delete(rowId);
    });
    this.grid.focus();
  }

  openColumnDialog(column) {
    if (!this.live) return;
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
        const last = this.allColumns.length ? this.allColumns[this.allColumns.length - 1].pos : "";
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
    if (!this.isRow(rowId) || !column) return;
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
