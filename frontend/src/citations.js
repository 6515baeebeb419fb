// Citations in the pad (and wiki) editor: an inline atom node `citation` (attrs: library
// item ids, locator) shown as its in-text citation in the space's style, with the full
// references on hover; a "Cite" dialog searches the space's library as you type.
// Formatting comes from POST {library}/cite with every citation of the document in order
// (numeric styles count them); the library endpoint reads only this space's items.
import "./citations.css";
import { Node, mergeAttributes } from "@tiptap/core";

const formatted = new Map(); // key (items|locator) -> {text, title}
const views = new Set(); // live node views' spans

function keyOf(attrs) {
  return `${(attrs.items || []).join(" ")}|${attrs.locator || ""}`;
}

function paint(span) {
  const done = formatted.get(span.dataset.key);
  span.textContent = done ? done.text : "(…)";
  span.title = done ? done.title : "";
  span.classList.toggle("pad-citation--missing", Boolean(done && done.missing));
  span.setAttribute("aria-label", done ? `${done.text}: ${done.title}` : "…");
}

function idsFrom(value) {
  if (Array.isArray(value)) return value.map(String);
  return String(value || "")
    .split(/[\s,]+/)
    .filter(Boolean);
}

export const Citation = Node.create({
  name: "citation",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,
  addAttributes() {
    return {
      items: {
        default: [],
        parseHTML: (el) => idsFrom(el.getAttribute("data-items")),
        renderHTML: (attrs) => ({ "data-items": idsFrom(attrs.items).join(" ") }),
      },
      locator: {
        default: "",
        parseHTML: (el) => el.getAttribute("data-locator") || "",
        renderHTML: (attrs) => (attrs.locator ? { "data-locator": attrs.locator } : {}),
      },
    };
  },
  parseHTML() {
    return [{ tag: "span[data-citation]" }];
  },
  renderHTML({ node, HTMLAttributes }) {
    const done = formatted.get(keyOf(node.attrs));
    const attrs = mergeAttributes(HTMLAttributes, { "data-citation": "", class: "pad-citation" });
    return ["span", attrs, done ? done.text : "(…)"];
  },
  renderText({ node }) {
    const done = formatted.get(keyOf(node.attrs));
    return done ? done.text : "";
  },
  addNodeView() {
    return ({ node }) => {
      const dom = document.createElement("span");
      dom.className = "pad-citation";
      dom.contentEditable = "false";
      dom.dataset.citation = "";
      dom.dataset.key = keyOf(node.attrs);
      paint(dom);
      views.add(dom);
      return {
        dom,
        update: (next) => next.type.name === "citation" && keyOf(next.attrs) === dom.dataset.key,
        destroy: () => views.delete(dom),
      };
    };
  },
  addKeyboardShortcuts() {
    return {
      "Mod-Alt-c": () => {
        const open = this.editor.storage.citation.open;
        if (!open || !this.editor.isEditable) return false;
        open();
        return true;
      },
    };
  },
  addStorage() {
    return { open: null };
  },
});

function documentCitations(doc) {
  const list = [];
  doc.descendants((node) => {
    if (node.type.name === "citation") {
      list.push({ items: idsFrom(node.attrs.items), locator: String(node.attrs.locator || "") });
    }
    return true;
  });
  return list;
}

// Keeps every citation's formatted text in step with the document: on a change of the list
// of citations (local or remote), after a pause, one request formats them all.
function keepFormatted(editor, library, config) {
  let signature = "";
  let timer = null;
  const refresh = async () => {
    const list = documentCitations(editor.state.doc).filter((c) => c.items.length);
    const next = JSON.stringify(list);
    if (next === signature) return;
    signature = next;
    if (!list.length) return;
    const response = await fetch(`${library}/cite`, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrf },
      body: JSON.stringify({ citations: list, locale: document.documentElement.lang || "en" }),
    });
    if (!response.ok) {
      signature = "";
      return;
    }
    const body = await response.json();
    const byId = new Map(body.references.map((r) => [r.id, r.text]));
    const missingWord = body.missing_label;
    list.forEach((cite, index) => {
      const result = body.citations[index];
      const title = cite.items.map((id) => byId.get(id) || missingWord).join("\n");
      const missing = result.missing.length > 0;
      formatted.set(keyOf(cite), { text: result.text, title, missing });
    });
    for (const span of views) paint(span);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  editor.on("transaction", ({ transaction }) => {
    if (transaction.docChanged) schedule();
  });
  schedule();
  return () => {
    signature = "";
    schedule();
  };
}

function describe(item) {
  const csl = item.csl || {};
  const names = csl.author || csl.editor || [];
  const first = names[0] || {};
  const who = first.family || first.literal || "";
  const year = csl.issued?.["date-parts"]?.[0]?.[0] || csl.issued?.literal || "";
  const head = [who, year ? `(${year})` : ""].filter(Boolean).join(" ");
  return [head, csl.title || item.key || item.id].filter(Boolean).join(". ");
}

// The "Cite" dialog: search as you type (debounced), choose one or several items,
// an optional page, insert.
function bindDialog(root, editor, library, refresh) {
  const dialog = document.getElementById("cite-dialog");
  const opener = root.querySelector("[data-cite-open]");
  if (!dialog) return;
  const form = dialog.querySelector("form");
  const search = dialog.querySelector("[name=cite-q]");
  const results = dialog.querySelector(".cite-results");
  const chosenList = dialog.querySelector(".cite-chosen");
  const locator = dialog.querySelector("[name=cite-locator]");
  const status = dialog.querySelector(".cite-status");
  const words = dialog.dataset;
  const chosen = new Map(); // id -> label, in the order chosen
  let timer = null;
  let asked = 0;

  const checkbox = (id, label, checked) => {
    const item = document.createElement("li");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = id;
    box.checked = checked;
    box.id = `cite-${checked ? "c" : "r"}-${id}`;
    const text = document.createElement("label");
    text.htmlFor = box.id;
    text.textContent = label;
    box.addEventListener("change", () => {
      if (box.checked) chosen.set(id, label);
      else chosen.delete(id);
      renderChosen();
      for (const other of results.querySelectorAll(`input[value="${CSS.escape(id)}"]`)) {
        other.checked = box.checked;
      }
    });
    item.append(box, text);
    return item;
  };
  const renderChosen = () => {
    chosenList.replaceChildren(...[...chosen].map(([id, label]) => checkbox(id, label, true)));
    chosenList.hidden = chosen.size === 0;
    dialog.querySelector(".cite-chosen-title").hidden = chosen.size === 0;
  };
  const find = async () => {
    const ticket = ++asked;
    status.textContent = words.searching;
    const query = new URLSearchParams({ q: search.value.trim(), limit: "10" });
    const response = await fetch(`${library}/items?${query}`, { credentials: "same-origin" });
    if (ticket !== asked) return; // a newer search is on its way
    if (!response.ok) {
      status.textContent = words.failed;
      return;
    }
    const body = await response.json();
    results.replaceChildren(
      ...body.items.map((item) => checkbox(item.id, describe(item), chosen.has(item.id))),
    );
    status.textContent = body.items.length
      ? words.found.replace("{count}", String(body.total))
      : words.none;
  };
  const open = () => {
    chosen.clear();
    renderChosen();
    search.value = "";
    locator.value = "";
    results.replaceChildren();
    dialog.showModal();
    search.focus();
    find();
  };
  editor.storage.citation.open = open;
  opener?.addEventListener("click", open);
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(find, 250);
  });
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault(); // Enter searches now; the Insert button inserts
      clearTimeout(timer);
      find();
    }
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault(); // Enter in the page field inserts too: Insert is the only submit
    if (!chosen.size) {
      status.textContent = words.chooseOne;
      search.focus();
      return;
    }
    const attrs = { items: [...chosen.keys()], locator: locator.value.trim().slice(0, 40) };
    dialog.close();
    editor.chain().focus().insertContent({ type: "citation", attrs }).run();
    refresh();
  });
  dialog.querySelector("[data-cite-cancel]").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => editor.commands.focus());
}

export function citations(root, editor, config) {
  const library = root.dataset.library;
  if (!library) return;
  const refresh = keepFormatted(editor, library, config);
  if (!config.readonly) bindDialog(root, editor, library, refresh);
}
