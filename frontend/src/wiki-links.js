// Wiki links in the pad editor, for wiki pages only (#pad-editor[data-wiki-space]):
// - a link picker: the "Link to…" button, or "[[" typed, opens a dialog searching the
//   space's wiki pages and its activities, modules, library items, tables and pads as you
//   type; choosing inserts a link (a missing title inserts a red link to create the page);
// - links shown as the reader may see them: the page's links resolved by the server for
//   this reader (GET data-api → links) mark each link's kind and current title, and links
//   to objects hidden from the reader (or deleted) as unavailable (docs/wiki.md).
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

const key = new PluginKey("ruche-wiki-links");
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const SEARCH_DELAY_MS = 150;
const RESOLVE_DELAY_MS = 2500;

function lastId(href) {
  const ids = href.match(UUID);
  return ids ? ids[ids.length - 1] : null;
}

function linkLook(href, resolved, t) {
  if (href.includes("/wiki/new/")) return ["wiki-link wiki-link--missing", t.missing];
  const info = resolved.get(lastId(href) || "");
  if (!info) return null;
  if (!info.available) return ["wiki-link wiki-link--unavailable", t.unavailable];
  if (info.kind === "page") return ["wiki-link wiki-link--page", `${t.page}: ${info.title}`];
  return [`wiki-link wiki-link--object`, `${info.kind_label}: ${info.title}`];
}

function decorate(doc, resolved, t) {
  const decorations = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    const link = node.marks.find((mark) => mark.type.name === "link");
    const look = link ? linkLook(String(link.attrs.href || ""), resolved, t) : null;
    if (look) {
      const attrs = { class: look[0], title: look[1] };
      if (look[0].endsWith("unavailable")) attrs["aria-disabled"] = "true";
      decorations.push(Decoration.inline(pos, pos + node.nodeSize, attrs));
    }
    return false;
  });
  return DecorationSet.create(doc, decorations);
}

// The plugin keeps the resolved links and the range "[[" or the selection occupies while
// the picker is open, mapped through every change (remote ones included).
function linksPlugin(t, onBrackets) {
  return new Plugin({
    key,
    state: {
      init: (_config, state) => ({ resolved: new Map(), range: null, set: decorate(state.doc, new Map(), t) }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(key) || {};
        const resolved = meta.resolved || value.resolved;
        let range = "range" in meta ? meta.range : value.range;
        if (range && tr.docChanged) {
          range = { from: tr.mapping.map(range.from, -1), to: tr.mapping.map(range.to, 1) };
        }
        const set =
          meta.resolved || tr.docChanged ? decorate(state.doc, resolved, t) : value.set;
        return { resolved, range, set };
      },
    },
    props: {
      decorations: (state) => key.getState(state).set,
      handleTextInput(view, from, to, text) {
        if (text !== "[" || from < 1 || !view.editable) return false;
        if (view.state.doc.textBetween(from - 1, from) !== "[") return false;
        view.dispatch(view.state.tr.insertText("[", from, to));
        onBrackets({ from: from - 1, to: from + 1 });
        return true;
      },
    },
  });
}

function element(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function buildDialog(t) {
  const backdrop = element("div", { class: "wiki-picker-backdrop", hidden: "" });
  const dialog = element("div", {
    class: "wiki-picker",
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": "wiki-picker-title",
  });
  const input = element("input", {
    id: "wiki-picker-input",
    type: "text",
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": "wiki-picker-results",
    autocomplete: "off",
    spellcheck: "false",
  });
  const list = element("ul", { id: "wiki-picker-results", role: "listbox", "aria-label": t.results });
  const status = element("p", { class: "muted small", role: "status", "aria-live": "polite" });
  const cancel = element("button", { type: "button", class: "button button--small" }, t.cancel);
  dialog.append(
    element("h2", { id: "wiki-picker-title" }, t.title),
    element("label", { for: "wiki-picker-input" }, t.label),
    input,
    list,
    status,
    cancel,
  );
  backdrop.append(dialog);
  document.body.append(backdrop);
  return { backdrop, dialog, input, list, status, cancel };
}

function picker(root, editor, t) {
  const ui = buildDialog(t);
  const space = root.dataset.wikiSpace;
  const targetsUrl = root.dataset.wikiTargets;
  let options = [];
  let active = -1;
  let timer = null;
  let controller = null;
  let keepText = "";

  const range = () => key.getState(editor.state).range;
  const setRange = (value) => editor.view.dispatch(editor.state.tr.setMeta(key, { range: value }));

  function show(index) {
    active = index;
    ui.list.querySelectorAll("[role=option]").forEach((option, i) => {
      option.setAttribute("aria-selected", String(i === index));
      if (i === index) option.scrollIntoView({ block: "nearest" });
    });
    ui.input.setAttribute("aria-activedescendant", index >= 0 ? `wiki-picker-option-${index}` : "");
  }

  function render(found, query) {
    options = found.map((f) => ({ text: f.title, href: f.href, label: f.kind === "page" ? t.page : f.kind_label }));
    const exact = found.some((f) => f.kind === "page" && f.title.toLowerCase() === query.toLowerCase());
    if (query && !exact) {
      const href = `/spaces/${space}/wiki/new/?title=${encodeURIComponent(query)}`;
      options.push({ text: query, href, label: t.create.replace("%(title)s", query), create: true });
    }
    ui.list.replaceChildren();
    options.forEach((option, i) => {
      const item = element("li", { id: `wiki-picker-option-${i}`, role: "option", "aria-selected": "false" });
      item.className = option.create ? "wiki-picker__option wiki-picker__option--create" : "wiki-picker__option";
      if (option.create) item.append(element("span", {}, option.label));
      else item.append(element("span", {}, option.text), element("span", { class: "muted small" }, option.label));
      item.addEventListener("mousedown", (event) => event.preventDefault());
      item.addEventListener("click", () => choose(i));
      ui.list.append(item);
    });
    ui.input.setAttribute("aria-expanded", String(options.length > 0));
    const count = options.filter((o) => !o.create).length;
    ui.status.textContent = !query && !count ? t.typeMore : count === 1 ? t.countOne : count ? t.count.replace("%(n)s", count) : t.none;
    show(options.length ? 0 : -1);
  }

  async function search() {
    const query = ui.input.value.replace(/[[\]]/g, "").trim();
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`${targetsUrl}?q=${encodeURIComponent(query)}`, {
        credentials: "same-origin",
        signal: controller.signal,
      });
      if (response.ok) render(await response.json(), query);
    } catch (error) {
      if (error.name !== "AbortError") ui.status.textContent = t.none;
    }
  }

  function open(value) {
    setRange(value);
    keepText = value.from < value.to ? editor.state.doc.textBetween(value.from, value.to) : "";
    if (keepText === "[[") keepText = "";
    ui.input.value = keepText;
    ui.backdrop.hidden = false;
    ui.input.focus();
    search();
  }

  function close() {
    ui.backdrop.hidden = true;
    controller?.abort();
    setRange(null);
    editor.commands.focus();
  }

  function choose(index) {
    const option = options[index];
    const where = range();
    if (!option || !where) return close();
    const text = keepText || option.text;
    editor
      .chain()
      .focus()
      .insertContentAt(where, [
        { type: "text", text, marks: [{ type: "link", attrs: { href: option.href } }] },
        { type: "text", text: " " },
      ])
      .run();
    close();
    root.dispatchEvent(new CustomEvent("wiki:linked", { detail: { href: option.href } }));
  }

  ui.input.addEventListener("input", () => {
    clearTimeout(timer);
    // "]]" typed out of habit closes the link: search at once, then choose
    if (ui.input.value.endsWith("]]")) search().then(() => choose(active));
    else timer = setTimeout(search, SEARCH_DELAY_MS);
  });
  ui.input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && options.length) show((active + 1) % options.length);
    else if (event.key === "ArrowUp" && options.length) show((active - 1 + options.length) % options.length);
    else if (event.key === "Enter") choose(active);
    else if (event.key === "Escape") close();
    else return;
    event.preventDefault();
  });
  ui.cancel.addEventListener("click", close);
  ui.cancel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });
  ui.dialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return; // focus stays in the dialog
    event.preventDefault();
    (document.activeElement === ui.input ? ui.cancel : ui.input).focus();
  });
  ui.backdrop.addEventListener("mousedown", (event) => {
    if (event.target === ui.backdrop) close();
  });
  return { open };
}

// Whether the text holds a link the last resolution did not cover (a new one).
function hasUnresolved(doc, resolved) {
  let found = false;
  doc.descendants((node) => {
    if (found || !node.isText) return !found;
    const link = node.marks.find((mark) => mark.type.name === "link");
    const href = link ? String(link.attrs.href || "") : "";
    const id = href && !href.includes("/wiki/new/") ? lastId(href) : null;
    if (id && !resolved.has(id)) found = true;
    return false;
  });
  return found;
}

function resolver(root, editor) {
  let timer = null;
  const load = async () => {
    const response = await fetch(root.dataset.api, { credentials: "same-origin" });
    if (!response.ok) return;
    const body = await response.json();
    const resolved = new Map(body.links.filter((l) => l.id).map((l) => [l.id, l]));
    editor.view.dispatch(editor.state.tr.setMeta(key, { resolved }));
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (hasUnresolved(editor.state.doc, key.getState(editor.state).resolved)) load();
    }, RESOLVE_DELAY_MS);
  };
  return { load, later };
}

export function wikiLinks(root, editor, ydoc) {
  if (!root.dataset.wikiSpace) return;
  const i18nNode = document.getElementById("wiki-links-i18n");
  const t = i18nNode ? JSON.parse(i18nNode.textContent) : {};
  let chooser = null;
  editor.registerPlugin(linksPlugin(t, (range) => chooser?.open(range)));
  const links = resolver(root, editor);
  links.load();
  ydoc.on("update", links.later);
  if (editor.isEditable) chooser = picker(root, editor, t);
  root.querySelector("[data-wiki-pick]")?.addEventListener("click", () => {
    const { from, to } = editor.state.selection;
    chooser?.open({ from, to });
  });
}
