// Pickers for link cells: search the space's library (its API's `q`) or its wiki pages by
// title, and choose one with the keyboard (arrows, Enter) or the pointer. open() resolves
// to the chosen {id, title, url}, null to clear the cell, or undefined when cancelled.
const LIMIT = 20;

export class LinkPicker {
  constructor(grid) {
    this.grid = grid;
    this.t = grid.t;
    this.dialog = grid.root.querySelector(".tg-picker");
    if (!this.dialog) return;
    this.title = this.dialog.querySelector(".tg-picker__title");
    this.input = this.dialog.querySelector(".tg-picker__query");
    this.list = this.dialog.querySelector(".tg-picker__results");
    this.status = this.dialog.querySelector(".tg-picker__status");
    this.input.addEventListener("input", () => this.search());
    this.input.addEventListener("keydown", (event) => this.onKey(event));
    this.list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) this.finish(this.results[Number(option.dataset.index)]);
    });
    this.dialog.querySelector("[data-command=picker-clear]").addEventListener("click", () => this.finish(null));
    this.dialog.querySelector("[data-command=picker-cancel]").addEventListener("click", () => this.finish(undefined));
    this.dialog.addEventListener("cancel", (event) => {
      event.preventDefault();
      this.finish(undefined);
    });
  }

  open(column, query) {
    if (!this.dialog) return Promise.resolve(undefined);
    this.kind = column.type;
    this.opened = (this.opened || 0) + 1;
    this.title.textContent = `${column.type === "wiki_page" ? this.t.pickPage : this.t.pickItem}: ${column.name}`;
    this.input.value = query;
    this.results = [];
    this.active = -1;
    this.list.replaceChildren();
    this.dialog.showModal();
    this.input.focus();
    this.search();
    return new Promise((resolve) => {
      this.resolve = resolve;
    });
  }

  finish(choice) {
    if (!this.resolve) return;
    const resolve = this.resolve;
    this.resolve = null;
    this.dialog.close();
    resolve(choice);
  }

  async search() {
    const query = this.input.value.trim();
    const asked = (this.asked = (this.asked || 0) + 1);
    this.status.textContent = this.t.searching;
    let results = [];
    try {
      results = this.kind === "wiki_page" ? await this.pages(query) : await this.items(query);
    } catch {
      results = null;
    }
    if (asked !== this.asked) return;
    this.results = results || [];
    this.active = this.results.length ? 0 : -1;
    this.draw();
    this.status.textContent = results === null ? this.t.pickerError
      : this.results.length === 1 ? this.t.pickerCountOne
        : this.results.length ? this.t.pickerCount.replace("%(n)s", this.results.length) : this.t.pickerNone;
  }

  async fetchJson(url) {
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }

  async items(query) {
    const params = new URLSearchParams({ q: query, limit: String(LIMIT) });
    const body = await this.fetchJson(`/api/v1/spaces/${this.grid.config.spaceId}/library/items?${params}`);
    return body.items.map((item) => ({
      id: item.id, url: `/library/items/${item.id}/`,
      title: item.csl?.title || item.key || item.id,
      detail: [item.csl?.author?.[0]?.family, item.csl?.issued?.["date-parts"]?.[0]?.[0]].filter(Boolean).join(", "),
    }));
  }

  async pages(query) {
    // The wiki's list is small (a space's pages): fetched once per opening, filtered here.
    if (!this.allPages || this.pagesAt !== this.opened) {
      this.allPages = await this.fetchJson(`/api/v1/spaces/${this.grid.config.spaceId}/wiki/pages`);
      this.pagesAt = this.opened;
    }
    const needle = query.toLowerCase();
    return this.allPages
      .filter((page) => page.title.toLowerCase().includes(needle))
      .slice(0, 50)
      .map((page) => ({ id: page.id, title: page.title, url: `/wiki/pages/${page.id}/`, detail: "" }));
  }

  draw() {
    const options = this.results.map((result, index) => {
      const option = document.createElement("li");
      option.setAttribute("role", "option");
      option.id = `tg-picker-option-${index}`;
      option.dataset.index = String(index);
      option.setAttribute("aria-selected", index === this.active ? "true" : "false");
      option.textContent = result.title;
      if (result.detail) {
        const detail = document.createElement("span");
        detail.className = "tg-picker__detail";
        detail.textContent = ` — ${result.detail}`;
        option.append(detail);
      }
      return option;
    });
    this.list.replaceChildren(...options);
    if (this.active >= 0) this.input.setAttribute("aria-activedescendant", `tg-picker-option-${this.active}`);
    else this.input.removeAttribute("aria-activedescendant");
    this.list.querySelector("[aria-selected=true]")?.scrollIntoView({ block: "nearest" });
  }

  onKey(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1 };
    if (moves[event.key] && this.results.length) {
      this.active = (this.active + moves[event.key] + this.results.length) % this.results.length;
      this.draw();
    } else if (event.key === "Enter") {
      if (this.active >= 0) this.finish(this.results[this.active]);
    } else return;
    event.preventDefault();
  }
}
