// Glossary auto-linking (as Moodle's glossary filter): terms of the space's glossary are
// recognised in the editor's text and shown with their definition on hover and when the
// caret or keyboard focus reaches them. A ProseMirror decoration plugin: the document is
// never modified. Terms come from the URL in the editor root's data-glossary-terms.
import "./glossary.css";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";

const glossaryKey = new PluginKey("ruche-glossary");
const WORD = "[\\p{L}\\p{N}]";
const SEPARATOR = "[\\s\\u00a0\\-\\u2010\\u2011'\\u2019]+";
let tooltipCount = 0;

// One character without accents or case, still one UTF-16 unit, so positions stay valid.
export function foldChar(c) {
  const bare = c.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  if (bare.length === 1) return bare;
  const lower = c.toLowerCase();
  return lower.length === 1 ? lower : c;
}

export function fold(text) {
  let out = "";
  for (let i = 0; i < text.length; i++) out += foldChar(text[i]);
  return out;
}

function words(text) {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

// A matcher for whole words, any case or accents, the longest form first. A form keeps its
// own punctuation ("C++"); spaces, hyphens and apostrophes between its words are alike.
export function buildMatcher(terms) {
  const byKey = new Map();
  const patterns = new Map();
  for (const item of terms) {
    for (const form of [item.term, ...(item.variants || [])]) {
      const key = words(form).join(" ");
      const chunks = fold(form).split(new RegExp(SEPARATOR, "u")).filter(Boolean);
      if (!key || !chunks.length) continue;
      if (!byKey.has(key)) byKey.set(key, item);
      patterns.set(chunks.map(escape).join(SEPARATOR), chunks.join(" ").length);
    }
  }
  if (!byKey.size) return null;
  const alternatives = [...patterns.keys()].sort((a, b) => patterns.get(b) - patterns.get(a));
  const source = `(?<!${WORD})(?:${alternatives.join("|")})(?!${WORD})`;
  return { regex: new RegExp(source, "gu"), byKey };
}

// [{from, to, item}] in a plain string.
export function findTerms(text, matcher) {
  const found = [];
  if (!matcher) return found;
  const folded = fold(text);
  matcher.regex.lastIndex = 0;
  for (const match of folded.matchAll(matcher.regex)) {
    const item = matcher.byKey.get(words(match[0]).join(" "));
    if (item) found.push({ from: match.index, to: match.index + match[0].length, item });
  }
  return found;
}

// Each term is described by the editor's one tooltip (filled when shown, emptied when
// hidden); nothing inside the editable DOM is changed by hand, which ProseMirror would undo.
function blockDecorations(node, pos, options) {
  let text = "";
  node.forEach((child) => {
    text += child.isText ? child.text : "\ufffc".repeat(child.nodeSize);
  });
  return findTerms(text, options.matcher).map(({ from, to, item }) => {
    const attrs = {
      class: "glossary-term",
      "data-glossary-id": item.id,
      "data-glossary-term": item.term,
      "aria-describedby": options.tipId,
    };
    if (options.focusable()) attrs.tabindex = "0";
    return Decoration.inline(pos + 1 + from, pos + 1 + to, attrs, { item });
  });
}

function decorations(doc, options) {
  const list = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    list.push(...blockDecorations(node, pos, options));
    return false;
  });
  return DecorationSet.create(doc, list);
}

// After an edit only the text blocks it touched are matched again (long pads stay fast).
function redecorate(tr, set, options) {
  let next = set.map(tr.mapping, tr.doc);
  const size = tr.doc.content.size;
  tr.mapping.maps.forEach((map, index) => {
    const later = tr.mapping.slice(index + 1);
    map.forEach((_oldFrom, _oldTo, from, to) => {
      const start = Math.max(0, later.map(from, -1) - 1);
      const end = Math.min(size, later.map(to, 1) + 1);
      tr.doc.nodesBetween(start, end, (node, pos) => {
        if (!node.isTextblock) return true;
        next = next.remove(next.find(pos, pos + node.nodeSize));
        next = next.add(tr.doc, blockDecorations(node, pos, options));
        return false;
      });
    });
  });
  return next;
}

function glossaryPlugin(options) {
  return new Plugin({
    key: glossaryKey,
    state: {
      init: (_, state) => decorations(state.doc, options),
      apply: (tr, set) => (tr.docChanged ? redecorate(tr, set, options) : set),
    },
    props: { decorations: (state) => glossaryKey.getState(state) },
  });
}

function pickDefinition(item) {
  const lang = (document.documentElement.lang || "en").split("-")[0];
  const texts = item.definitions || {};
  return texts[lang] ? [texts[lang], lang] : [item.definition, item.language];
}

// The tooltip: one per editor, outside the editable surface; role=tooltip, described-by
// from the term, dismissed with Escape, and it stays while the pointer is over it.
function makeTooltip(root) {
  const tip = document.createElement("div");
  tip.className = "glossary-tooltip";
  tip.id = `glossary-tooltip-${++tooltipCount}`;
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  const status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  root.append(tip, status);
  return { tip, status, anchor: null, timer: null };
}

function show(tooltip, anchor, item, announce) {
  clearTimeout(tooltip.timer);
  const [text, lang] = pickDefinition(item);
  const title = document.createElement("a");
  title.className = "glossary-tooltip__term";
  title.href = item.url;
  title.textContent = item.term;
  const body = document.createElement("p");
  body.className = "glossary-tooltip__definition";
  body.lang = lang;
  body.textContent = text;
  tooltip.tip.replaceChildren(title, body);
  if (item.note) {
    const note = document.createElement("p");
    note.className = "glossary-tooltip__note";
    note.textContent = item.note;
    tooltip.tip.append(note);
  }
  tooltip.tip.hidden = false;
  const rect = anchor.getBoundingClientRect();
  tooltip.tip.style.top = `${rect.bottom + window.scrollY + 6}px`;
  tooltip.tip.style.left = `${Math.max(8, rect.left + window.scrollX)}px`;
  tooltip.anchor = anchor;
  if (announce) tooltip.status.textContent = `${item.term}: ${text}`;
}

function hide(tooltip, delay = 0) {
  clearTimeout(tooltip.timer);
  const done = () => {
    tooltip.tip.hidden = true;
    tooltip.tip.replaceChildren();
    tooltip.anchor = null;
  };
  if (delay) tooltip.timer = setTimeout(done, delay);
  else done();
}

function itemAt(editor, pos) {
  const set = glossaryKey.getState(editor.state);
  const found = set ? set.find(pos, pos, (spec) => spec.item) : [];
  return found.find((d) => d.from < pos && pos < d.to) || found.find((d) => d.from <= pos && pos <= d.to);
}

function bindTooltip(root, editor, tooltip) {
  const surface = editor.view.dom;
  const itemOf = (el) => itemAt(editor, editor.view.posAtDOM(el, 0) + 1)?.spec.item;
  surface.addEventListener("mouseover", (event) => {
    const term = event.target.closest?.(".glossary-term");
    const item = term && itemOf(term);
    if (item) show(tooltip, term, item, false);
  });
  surface.addEventListener("mouseout", (event) => {
    if (event.target.closest?.(".glossary-term")) hide(tooltip, 400);
  });
  surface.addEventListener("focusin", (event) => {
    const term = event.target.closest?.(".glossary-term");
    const item = term && itemOf(term);
    if (item) show(tooltip, term, item, false);
  });
  surface.addEventListener("focusout", (event) => {
    if (event.target.closest?.(".glossary-term")) hide(tooltip, 400);
  });
  tooltip.tip.addEventListener("mouseenter", () => clearTimeout(tooltip.timer));
  tooltip.tip.addEventListener("mouseleave", () => hide(tooltip, 200));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !tooltip.tip.hidden) hide(tooltip);
  });
  // Keyboard editing: the caret entering a term shows (and announces) its definition.
  let current = null;
  editor.on("selectionUpdate", () => {
    const { empty, from } = editor.state.selection;
    const found = empty && editor.view.hasFocus() ? itemAt(editor, from) : null;
    if (!found) {
      if (current) hide(tooltip);
      current = null;
      return;
    }
    if (current === found.from) return;
    current = found.from;
    const { node } = editor.view.domAtPos(found.from + 1);
    const term = (node.nodeType === 1 ? node : node.parentElement)?.closest(".glossary-term");
    if (term) show(tooltip, term, found.spec.item, true);
  });
}

export function glossaryAutolink(root, editor) {
  const url = root?.dataset.glossaryTerms;
  if (!url) return;
  fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => (response.ok ? response.json() : []))
    .then((terms) => {
      const matcher = buildMatcher(Array.isArray(terms) ? terms : []);
      if (!matcher || editor.isDestroyed) return;
      const tooltip = makeTooltip(root);
      const focusable = () => !editor.isEditable; // read-only readers Tab to the terms
      editor.registerPlugin(glossaryPlugin({ matcher, focusable, tipId: tooltip.tip.id }));
      bindTooltip(root, editor, tooltip);
      root.dataset.glossaryReady = "true";
    })
    .catch(() => {}); // no glossary: the editor works as before
}
