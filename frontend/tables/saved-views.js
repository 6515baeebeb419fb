// Saved views on the server (GET/POST /api/v1/tables/{id}/views, PATCH/DELETE
// /api/v1/tables/views/{id}): the view switcher, "group by", the columns shown, and saving
// the view in use as a personal or a shared view. Choosing a view copies it into the grid's
// own view (kept in localStorage); changing it there changes nothing for others until saved.
function node(tag, attrs = {}, text) {
  const made = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) made.setAttribute(key, value);
  if (text !== undefined) made.textContent = text;
  return made;
}

export class SavedViews {
  constructor(grid) {
    this.grid = grid;
    this.t = grid.t;
    this.views = [];
    const root = grid.root;
    this.select = root.querySelector(".table-view-select");
    this.groupSelect = root.querySelector(".table-group-select");
    this.columnsBox = root.querySelector(".table-columns__list");
    this.dialog = root.querySelector(".tg-view-dialog");
    this.message = root.querySelector(".table-views__message");
    if (!this.select) return;
    this.select.addEventListener("change", () => this.choose(this.select.value));
    this.groupSelect.addEventListener("change", () => this.change({ group_by: this.groupSelect.value }));
    this.columnsBox.addEventListener("change", (event) => this.toggleColumn(event.target));
    const on = (name, fn) => root.querySelector(`[data-command=${name}]`)?.addEventListener("click", fn);
    on("view-save", () => this.saveCurrent());
    on("view-save-as", () => this.openDialog());
    on("view-delete", () => this.remove());
    this.dialog?.querySelector("form").addEventListener("submit", (event) => this.saveAs(event));
    this.dialog?.querySelector("[data-command=view-cancel]").addEventListener("click", () => this.dialog.close());
    this.load();
  }

  async request(method, url, body) {
    const response = await fetch(url, {
      method, credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": this.grid.config.csrf },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) throw new Error(data?.detail || String(response.status));
    return data;
  }

  say(text) {
    if (this.message) this.message.textContent = text;
  }

  async load() {
    try {
      this.views = await this.request("GET", `${this.grid.config.api}/views`);
    } catch (error) {
      this.say(error.message);
    }
    this.drawSelect();
  }

  current() {
    return this.views.find((v) => v.id === this.grid.view.savedId) || null;
  }

  mayChange(view) {
    return view && (!view.shared || !this.grid.config.readonly);
  }

  drawSelect() {
    const shared = node("optgroup", { label: this.t.sharedViews });
    const mine = node("optgroup", { label: this.t.myViews });
    for (const view of this.views) (view.shared ? shared : mine).append(node("option", { value: view.id }, view.name));
    const plain = node("option", { value: "" }, this.t.plainView);
    this.select.replaceChildren(plain, ...[shared, mine].filter((g) => g.children.length));
    this.select.value = this.current() ? this.grid.view.savedId : "";
    const view = this.current();
    for (const name of ["view-save", "view-delete"]) {
      const button = this.grid.root.querySelector(`[data-command=${name}]`);
      if (button) button.disabled = !this.mayChange(view);
    }
  }

  // Keep "group by" and "columns shown" in step with the columns and the view in use.
  refresh() {
    if (!this.groupSelect) return;
    const columns = this.grid.allColumns;
    const view = this.grid.view;
    const signature = JSON.stringify([columns.map((c) => [c.id, c.name]), view.group_by, view.hidden]);
    if (signature === this.signature) return;
    this.signature = signature;
    const none = node("option", { value: "" }, this.t.noGrouping);
    this.groupSelect.replaceChildren(none, ...columns.map((c) => node("option", { value: c.id }, c.name)));
    this.groupSelect.value = columns.some((c) => c.id === view.group_by) ? view.group_by : "";
    const boxes = columns.map((c) => {
      const label = node("label", { class: "table-columns__item" });
      const box = node("input", { type: "checkbox", value: c.id });
      box.checked = !view.hidden.includes(c.id);
      label.append(box, ` ${c.name}`);
      return label;
    });
    this.columnsBox.replaceChildren(...boxes);
  }

  change(patch) {
    this.grid.setView({ ...this.grid.view, ...patch });
  }

  toggleColumn(box) {
    if (box.type !== "checkbox") return;
    const hidden = this.grid.view.hidden.filter((id) => id !== box.value);
    if (!box.checked) hidden.push(box.value);
    this.change({ hidden });
  }

  choose(id) {
    const view = this.views.find((v) => v.id === id);
    if (!view) {
      this.grid.setView({ savedId: null });
    } else {
      const quick = view.filters.find((f) => !f.column && f.op === "contains");
      this.grid.setView({
        savedId: view.id, sort: view.sort, group_by: view.group_by, hidden: view.hidden,
        filters: view.filters.filter((f) => f !== quick), q: quick ? String(quick.value) : "",
      });
    }
    this.drawSelect();
    this.say("");
  }

  // The view in use as the API takes it: the quick search becomes a "contains" filter.
  payload() {
    const v = this.grid.view;
    const filters = [...v.filters];
    if ((v.q || "").trim()) filters.push({ column: "", op: "contains", value: v.q.trim() });
    return { sort: v.sort, filters, group_by: v.group_by, hidden: v.hidden };
  }

  async saveCurrent() {
    const view = this.current();
    if (!this.mayChange(view)) return;
    try {
      const saved = await this.request("PATCH", `/api/v1/tables/views/${view.id}`, this.payload());
      this.views = this.views.map((v) => (v.id === saved.id ? saved : v));
      this.say(this.t.viewSaved.replace("%(name)s", saved.name));
    } catch (error) {
      this.say(error.message);
    }
  }

  openDialog() {
    const form = this.dialog.querySelector("form");
    form.elements.name.value = "";
    if (form.elements.shared) form.elements.shared.checked = false;
    this.dialog.showModal();
    form.elements.name.focus();
  }

  async saveAs(event) {
    event.preventDefault();
    const form = event.target;
    const body = { name: form.elements.name.value, shared: Boolean(form.elements.shared?.checked), ...this.payload() };
    try {
      const saved = await this.request("POST", `${this.grid.config.api}/views`, body);
      this.views = [...this.views, saved].sort((a, b) => (a.shared === b.shared ? a.name.localeCompare(b.name) : a.shared ? -1 : 1));
      this.dialog.close();
      this.grid.view.savedId = saved.id;
      this.grid.saveView();
      this.drawSelect();
      this.say(this.t.viewSaved.replace("%(name)s", saved.name));
      this.select.focus();
    } catch (error) {
      this.dialog.querySelector(".tg-view-dialog__error").textContent = error.message;
    }
  }

  async remove() {
    const view = this.current();
    if (!this.mayChange(view) || !window.confirm(this.t.confirmDeleteView.replace("%(name)s", view.name))) return;
    try {
      await this.request("DELETE", `/api/v1/tables/views/${view.id}`);
      this.views = this.views.filter((v) => v.id !== view.id);
      this.choose("");
      this.say(this.t.viewDeleted.replace("%(name)s", view.name));
    } catch (error) {
      this.say(error.message);
    }
  }
}
